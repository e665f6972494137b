// Package wire is the SMPP byte layer shared by the client session and the simulator:
// it frames PDUs out of a byte stream, decodes them with gosmpp's codec without ever
// panicking, marshals outgoing PDUs with an explicit sequence number and TLVs in order,
// and names commands, statuses and TLV tags as the SMPP specification spells them.
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

// Command statuses (SMPP 3.4 §5.1.3, with the 5.0 additions).
const (
	StatusOK              uint32 = 0x00000000
	StatusInvMsgLen       uint32 = 0x00000001
	StatusInvCmdLen       uint32 = 0x00000002
	StatusInvCmdID        uint32 = 0x00000003
	StatusInvBndSts       uint32 = 0x00000004
	StatusAlyBnd          uint32 = 0x00000005
	StatusSysErr          uint32 = 0x00000008
	StatusInvSrcAdr       uint32 = 0x0000000A
	StatusInvDstAdr       uint32 = 0x0000000B
	StatusInvMsgID        uint32 = 0x0000000C
	StatusBindFail        uint32 = 0x0000000D
	StatusInvPaswd        uint32 = 0x0000000E
	StatusInvSysID        uint32 = 0x0000000F
	StatusCancelFail      uint32 = 0x00000011
	StatusReplaceFail     uint32 = 0x00000013
	StatusMsgQFul         uint32 = 0x00000014
	StatusInvNumDests     uint32 = 0x00000033
	StatusThrottled       uint32 = 0x00000058
	StatusInvSched        uint32 = 0x00000061
	StatusInvExpiry       uint32 = 0x00000062
	StatusXTAppn          uint32 = 0x00000064
	StatusXPAppn          uint32 = 0x00000065
	StatusXRAppn          uint32 = 0x00000066
	StatusQueryFail       uint32 = 0x00000067
	StatusInvOptParStream uint32 = 0x000000C0
	StatusUnknownErr      uint32 = 0x000000FF
)

var statusNames = map[uint32]string{
	0x00: "ESME_ROK",
	0x01: "ESME_RINVMSGLEN",
	0x02: "ESME_RINVCMDLEN",
	0x03: "ESME_RINVCMDID",
	0x04: "ESME_RINVBNDSTS",
	0x05: "ESME_RALYBND",
	0x06: "ESME_RINVPRTFLG",
	0x07: "ESME_RINVREGDLVFLG",
	0x08: "ESME_RSYSERR",
	0x0A: "ESME_RINVSRCADR",
	0x0B: "ESME_RINVDSTADR",
	0x0C: "ESME_RINVMSGID",
	0x0D: "ESME_RBINDFAIL",
	0x0E: "ESME_RINVPASWD",
	0x0F: "ESME_RINVSYSID",
	0x11: "ESME_RCANCELFAIL",
	0x13: "ESME_RREPLACEFAIL",
	0x14: "ESME_RMSGQFUL",
	0x15: "ESME_RINVSERTYP",
	0x33: "ESME_RINVNUMDESTS",
	0x34: "ESME_RINVDLNAME",
	0x40: "ESME_RINVDESTFLAG",
	0x42: "ESME_RINVSUBREP",
	0x43: "ESME_RINVESMCLASS",
	0x44: "ESME_RCNTSUBDL",
	0x45: "ESME_RSUBMITFAIL",
	0x48: "ESME_RINVSRCTON",
	0x49: "ESME_RINVSRCNPI",
	0x50: "ESME_RINVDSTTON",
	0x51: "ESME_RINVDSTNPI",
	0x53: "ESME_RINVSYSTYP",
	0x54: "ESME_RINVREPFLAG",
	0x55: "ESME_RINVNUMMSGS",
	0x58: "ESME_RTHROTTLED",
	0x61: "ESME_RINVSCHED",
	0x62: "ESME_RINVEXPIRY",
	0x63: "ESME_RINVDFTMSGID",
	0x64: "ESME_RX_T_APPN",
	0x65: "ESME_RX_P_APPN",
	0x66: "ESME_RX_R_APPN",
	0x67: "ESME_RQUERYFAIL",
	0xC0: "ESME_RINVOPTPARSTREAM",
	0xC1: "ESME_ROPTPARNOTALLWD",
	0xC2: "ESME_RINVPARLEN",
	0xC3: "ESME_RMISSINGOPTPARAM",
	0xC4: "ESME_RINVOPTPARAMVAL",
	0xFE: "ESME_RDELIVERYFAILURE",
	0xFF: "ESME_RUNKNOWNERR",
	// SMPP 5.0 additions.
	0x100: "ESME_RSERTYPUNAUTH",
	0x101: "ESME_RPROHIBITED",
	0x102: "ESME_RSERTYPUNAVAIL",
	0x103: "ESME_RSERTYPDENIED",
	0x104: "ESME_RINVDCS",
	0x105: "ESME_RINVSRCADDRSUBUNIT",
	0x106: "ESME_RINVDSTADDRSUBUNIT",
	0x107: "ESME_RINVBCASTFREQINT",
	0x108: "ESME_RINVBCASTALIAS_NAME",
	0x109: "ESME_RINVBCASTAREAFMT",
	0x10A: "ESME_RINVNUMBCAST_AREAS",
	0x10B: "ESME_RINVBCASTCNTTYPE",
	0x10C: "ESME_RINVBCASTMSGCLASS",
	0x10D: "ESME_RBCASTFAIL",
	0x10E: "ESME_RBCASTQUERYFAIL",
	0x10F: "ESME_RBCASTCANCELFAIL",
	0x110: "ESME_RINVBCAST_REP",
	0x111: "ESME_RINVBCASTSRVGRP",
	0x112: "ESME_RINVBCASTCHANIND",
}

// StatusName is the command_status name as the spec spells it ("ESME_RINVPASWD"), or a
// description of the range an unnamed value falls in.
func StatusName(status uint32) string {
	if n, ok := statusNames[status]; ok {
		return n
	}
	if status >= 0x400 && status <= 0x4FF {
		return "vendor-specific error"
	}
	return "reserved status"
}

// StatusByName maps "ESME_RTHROTTLED" (case-insensitive, with or without the ESME_ prefix)
// to its value.
func StatusByName(name string) (uint32, bool) {
	for v, n := range statusNames {
		if equalFoldStatus(n, name) {
			return v, true
		}
	}
	return 0, false
}

func equalFoldStatus(full, name string) bool {
	up := make([]byte, 0, len(name)+5)
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		up = append(up, c)
	}
	s := string(up)
	return s == full || "ESME_"+s == full
}

// StatusString shows a status as operators want it everywhere: name and hex together,
// "ESME_RINVPASWD (0x0000000E)".
func StatusString(status uint32) string {
	return fmt.Sprintf("%s (0x%08X)", StatusName(status), status)
}

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
