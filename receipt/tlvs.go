package receipt

import "github.com/smppconsole/smppconsole/wire"

// FromTLVs picks the receipt TLVs out of a deliver_sm's or data_sm's TLVs: the one
// extractor the session and the dissector share. A malformed message_state (not one
// octet) counts as absent.
func FromTLVs(tlvs []wire.TLV) TLVs {
	var in TLVs
	for _, t := range tlvs {
		switch t.Tag {
		case wire.TagReceiptedMessageID:
			in.ReceiptedMessageID, in.HasReceiptedMessageID = string(t.CString()), true
		case wire.TagMessageState:
			if len(t.Value) == 1 {
				in.MessageState, in.HasMessageState = State(t.Value[0]), true
			}
		case wire.TagNetworkErrorCode:
			in.NetworkErrorCode = t.Value
		}
	}
	return in
}

// HasTLVs reports whether the TLVs carry receipt fields (receipted_message_id or
// message_state), which make a deliver_sm or data_sm a receipt without its text.
func HasTLVs(tlvs []wire.TLV) bool {
	for _, t := range tlvs {
		if t.Tag == wire.TagReceiptedMessageID || t.Tag == wire.TagMessageState {
			return true
		}
	}
	return false
}
