package receipt

import (
	"testing"

	"github.com/smppconsole/smppconsole/wire"
)

func TestFromTLVs(t *testing.T) {
	tlvs := []wire.TLV{
		{Tag: wire.TagReceiptedMessageID, Value: []byte("5E0F3A21\x00")},
		{Tag: wire.TagMessageState, Value: []byte{2}},
		{Tag: wire.TagNetworkErrorCode, Value: []byte{3, 0, 1}},
	}
	got := FromTLVs(tlvs)
	if got.ReceiptedMessageID != "5E0F3A21" || !got.HasReceiptedMessageID || got.MessageState != 2 ||
		!got.HasMessageState || string(got.NetworkErrorCode) != "\x03\x00\x01" || !HasTLVs(tlvs) {
		t.Errorf("FromTLVs: %+v", got)
	}
	if bad := FromTLVs([]wire.TLV{{Tag: wire.TagMessageState, Value: []byte{2, 2}}}); bad.HasMessageState {
		t.Errorf("a two-octet message_state counted: %+v", bad)
	}
	if HasTLVs([]wire.TLV{{Tag: wire.TagSarMsgRefNum, Value: []byte{0, 1}}}) {
		t.Error("sar_msg_ref_num counted as a receipt TLV")
	}
}
