package wire

import "fmt"

// Command ids (SMPP 3.4 §5.1.2.1, plus the 5.0 broadcast set so they are at least named).
const (
	GenericNack         uint32 = 0x80000000
	BindReceiver        uint32 = 0x00000001
	BindReceiverResp    uint32 = 0x80000001
	BindTransmitter     uint32 = 0x00000002
	BindTransmitterResp uint32 = 0x80000002
	QuerySM             uint32 = 0x00000003
	QuerySMResp         uint32 = 0x80000003
	SubmitSM            uint32 = 0x00000004
	SubmitSMResp        uint32 = 0x80000004
	DeliverSM           uint32 = 0x00000005
	DeliverSMResp       uint32 = 0x80000005
	Unbind              uint32 = 0x00000006
	UnbindResp          uint32 = 0x80000006
	ReplaceSM           uint32 = 0x00000007
	ReplaceSMResp       uint32 = 0x80000007
	CancelSM            uint32 = 0x00000008
	CancelSMResp        uint32 = 0x80000008
	BindTransceiver     uint32 = 0x00000009
	BindTransceiverResp uint32 = 0x80000009
	Outbind             uint32 = 0x0000000B
	EnquireLink         uint32 = 0x00000015
	EnquireLinkResp     uint32 = 0x80000015
	SubmitMulti         uint32 = 0x00000021
	SubmitMultiResp     uint32 = 0x80000021
	AlertNotification   uint32 = 0x00000102
	DataSM              uint32 = 0x00000103
	DataSMResp          uint32 = 0x80000103
	BroadcastSM         uint32 = 0x00000111
	BroadcastSMResp     uint32 = 0x80000111
	QueryBroadcastSM    uint32 = 0x00000112
	QueryBroadcastResp  uint32 = 0x80000112
	CancelBroadcastSM   uint32 = 0x00000113
	CancelBroadcastResp uint32 = 0x80000113
)

// ResponseBit is set in the command_id of every response.
const ResponseBit uint32 = 0x80000000

var commandNames = map[uint32]string{
	GenericNack:         "generic_nack",
	BindReceiver:        "bind_receiver",
	BindReceiverResp:    "bind_receiver_resp",
	BindTransmitter:     "bind_transmitter",
	BindTransmitterResp: "bind_transmitter_resp",
	QuerySM:             "query_sm",
	QuerySMResp:         "query_sm_resp",
	SubmitSM:            "submit_sm",
	SubmitSMResp:        "submit_sm_resp",
	DeliverSM:           "deliver_sm",
	DeliverSMResp:       "deliver_sm_resp",
	Unbind:              "unbind",
	UnbindResp:          "unbind_resp",
	ReplaceSM:           "replace_sm",
	ReplaceSMResp:       "replace_sm_resp",
	CancelSM:            "cancel_sm",
	CancelSMResp:        "cancel_sm_resp",
	BindTransceiver:     "bind_transceiver",
	BindTransceiverResp: "bind_transceiver_resp",
	Outbind:             "outbind",
	EnquireLink:         "enquire_link",
	EnquireLinkResp:     "enquire_link_resp",
	SubmitMulti:         "submit_multi",
	SubmitMultiResp:     "submit_multi_resp",
	AlertNotification:   "alert_notification",
	DataSM:              "data_sm",
	DataSMResp:          "data_sm_resp",
	BroadcastSM:         "broadcast_sm",
	BroadcastSMResp:     "broadcast_sm_resp",
	QueryBroadcastSM:    "query_broadcast_sm",
	QueryBroadcastResp:  "query_broadcast_sm_resp",
	CancelBroadcastSM:   "cancel_broadcast_sm",
	CancelBroadcastResp: "cancel_broadcast_sm_resp",
}

// CommandName is the command's name as the spec spells it ("submit_sm"); an unknown id
// is shown as its hex value so it can still be searched for.
func CommandName(id uint32) string {
	if n, ok := commandNames[id]; ok {
		return n
	}
	return fmt.Sprintf("command_id 0x%08X", id)
}

// KnownCommand reports whether id is a command this layer can name.
func KnownCommand(id uint32) bool { _, ok := commandNames[id]; return ok }

// CommandByName maps a spec name back to its id.
func CommandByName(name string) (uint32, bool) {
	for id, n := range commandNames {
		if n == name {
			return id, true
		}
	}
	return 0, false
}

// IsResponse reports whether a command_id is a response (generic_nack included).
func IsResponse(id uint32) bool { return id&ResponseBit != 0 }

var tonNames = map[byte]string{
	0: "unknown", 1: "international", 2: "national", 3: "network specific",
	4: "subscriber number", 5: "alphanumeric", 6: "abbreviated",
}

var npiNames = map[byte]string{
	0: "unknown", 1: "ISDN (E.163/E.164)", 3: "data (X.121)", 4: "telex (F.69)",
	6: "land mobile (E.212)", 8: "national", 9: "private", 10: "ERMES",
	14: "internet (IP)", 18: "WAP client id",
}

// TONName describes a type_of_number value.
func TONName(v byte) string {
	if n, ok := tonNames[v]; ok {
		return n
	}
	return "reserved"
}

// NPIName describes a numbering_plan_indicator value.
func NPIName(v byte) string {
	if n, ok := npiNames[v]; ok {
		return n
	}
	return "reserved"
}
