package wire

import (
	"fmt"
	"strconv"
	"strings"
)

// Status is a command_status with its names: String, MarshalText and UnmarshalText. The
// Status… constants are uint32, as Header.Status is; convert with Status(h.Status).
type Status uint32

// Command statuses: every value SMPP 3.4 §5.1.3 names, and the SMPP 5.0 additions
// (§4.7.6). statusNames below spells each one.
const (
	StatusOK              uint32 = 0x00000000
	StatusInvMsgLen       uint32 = 0x00000001
	StatusInvCmdLen       uint32 = 0x00000002
	StatusInvCmdID        uint32 = 0x00000003
	StatusInvBndSts       uint32 = 0x00000004
	StatusAlyBnd          uint32 = 0x00000005
	StatusInvPrtFlg       uint32 = 0x00000006
	StatusInvRegDlvFlg    uint32 = 0x00000007
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
	StatusInvSerTyp       uint32 = 0x00000015
	StatusInvNumDests     uint32 = 0x00000033
	StatusInvDLName       uint32 = 0x00000034
	StatusInvDestFlag     uint32 = 0x00000040
	StatusInvSubRep       uint32 = 0x00000042
	StatusInvESMClass     uint32 = 0x00000043
	StatusCntSubDL        uint32 = 0x00000044
	StatusSubmitFail      uint32 = 0x00000045
	StatusInvSrcTON       uint32 = 0x00000048
	StatusInvSrcNPI       uint32 = 0x00000049
	StatusInvDstTON       uint32 = 0x00000050
	StatusInvDstNPI       uint32 = 0x00000051
	StatusInvSysTyp       uint32 = 0x00000053
	StatusInvRepFlag      uint32 = 0x00000054
	StatusInvNumMsgs      uint32 = 0x00000055
	StatusThrottled       uint32 = 0x00000058
	StatusInvSched        uint32 = 0x00000061
	StatusInvExpiry       uint32 = 0x00000062
	StatusInvDftMsgID     uint32 = 0x00000063
	StatusXTAppn          uint32 = 0x00000064
	StatusXPAppn          uint32 = 0x00000065
	StatusXRAppn          uint32 = 0x00000066
	StatusQueryFail       uint32 = 0x00000067
	StatusInvOptParStream uint32 = 0x000000C0
	StatusOptParNotAllwd  uint32 = 0x000000C1
	StatusInvParLen       uint32 = 0x000000C2
	StatusMissingOptParam uint32 = 0x000000C3
	StatusInvOptParamVal  uint32 = 0x000000C4
	StatusDeliveryFailure uint32 = 0x000000FE
	StatusUnknownErr      uint32 = 0x000000FF
	// SMPP 5.0 additions.
	StatusSerTypUnauth      uint32 = 0x00000100
	StatusProhibited        uint32 = 0x00000101
	StatusSerTypUnavail     uint32 = 0x00000102
	StatusSerTypDenied      uint32 = 0x00000103
	StatusInvDCS            uint32 = 0x00000104
	StatusInvSrcAddrSubunit uint32 = 0x00000105
	StatusInvDstAddrSubunit uint32 = 0x00000106
	StatusInvBcastFreqInt   uint32 = 0x00000107
	StatusInvBcastAliasName uint32 = 0x00000108
	StatusInvBcastAreaFmt   uint32 = 0x00000109
	StatusInvNumBcastAreas  uint32 = 0x0000010A
	StatusInvBcastCntType   uint32 = 0x0000010B
	StatusInvBcastMsgClass  uint32 = 0x0000010C
	StatusBcastFail         uint32 = 0x0000010D
	StatusBcastQueryFail    uint32 = 0x0000010E
	StatusBcastCancelFail   uint32 = 0x0000010F
	StatusInvBcastRep       uint32 = 0x00000110
	StatusInvBcastSrvGrp    uint32 = 0x00000111
	StatusInvBcastChanInd   uint32 = 0x00000112
)

var statusNames = map[uint32]string{
	StatusOK:              "ESME_ROK",
	StatusInvMsgLen:       "ESME_RINVMSGLEN",
	StatusInvCmdLen:       "ESME_RINVCMDLEN",
	StatusInvCmdID:        "ESME_RINVCMDID",
	StatusInvBndSts:       "ESME_RINVBNDSTS",
	StatusAlyBnd:          "ESME_RALYBND",
	StatusInvPrtFlg:       "ESME_RINVPRTFLG",
	StatusInvRegDlvFlg:    "ESME_RINVREGDLVFLG",
	StatusSysErr:          "ESME_RSYSERR",
	StatusInvSrcAdr:       "ESME_RINVSRCADR",
	StatusInvDstAdr:       "ESME_RINVDSTADR",
	StatusInvMsgID:        "ESME_RINVMSGID",
	StatusBindFail:        "ESME_RBINDFAIL",
	StatusInvPaswd:        "ESME_RINVPASWD",
	StatusInvSysID:        "ESME_RINVSYSID",
	StatusCancelFail:      "ESME_RCANCELFAIL",
	StatusReplaceFail:     "ESME_RREPLACEFAIL",
	StatusMsgQFul:         "ESME_RMSGQFUL",
	StatusInvSerTyp:       "ESME_RINVSERTYP",
	StatusInvNumDests:     "ESME_RINVNUMDESTS",
	StatusInvDLName:       "ESME_RINVDLNAME",
	StatusInvDestFlag:     "ESME_RINVDESTFLAG",
	StatusInvSubRep:       "ESME_RINVSUBREP",
	StatusInvESMClass:     "ESME_RINVESMCLASS",
	StatusCntSubDL:        "ESME_RCNTSUBDL",
	StatusSubmitFail:      "ESME_RSUBMITFAIL",
	StatusInvSrcTON:       "ESME_RINVSRCTON",
	StatusInvSrcNPI:       "ESME_RINVSRCNPI",
	StatusInvDstTON:       "ESME_RINVDSTTON",
	StatusInvDstNPI:       "ESME_RINVDSTNPI",
	StatusInvSysTyp:       "ESME_RINVSYSTYP",
	StatusInvRepFlag:      "ESME_RINVREPFLAG",
	StatusInvNumMsgs:      "ESME_RINVNUMMSGS",
	StatusThrottled:       "ESME_RTHROTTLED",
	StatusInvSched:        "ESME_RINVSCHED",
	StatusInvExpiry:       "ESME_RINVEXPIRY",
	StatusInvDftMsgID:     "ESME_RINVDFTMSGID",
	StatusXTAppn:          "ESME_RX_T_APPN",
	StatusXPAppn:          "ESME_RX_P_APPN",
	StatusXRAppn:          "ESME_RX_R_APPN",
	StatusQueryFail:       "ESME_RQUERYFAIL",
	StatusInvOptParStream: "ESME_RINVOPTPARSTREAM",
	StatusOptParNotAllwd:  "ESME_ROPTPARNOTALLWD",
	StatusInvParLen:       "ESME_RINVPARLEN",
	StatusMissingOptParam: "ESME_RMISSINGOPTPARAM",
	StatusInvOptParamVal:  "ESME_RINVOPTPARAMVAL",
	StatusDeliveryFailure: "ESME_RDELIVERYFAILURE",
	StatusUnknownErr:      "ESME_RUNKNOWNERR",

	StatusSerTypUnauth:      "ESME_RSERTYPUNAUTH",
	StatusProhibited:        "ESME_RPROHIBITED",
	StatusSerTypUnavail:     "ESME_RSERTYPUNAVAIL",
	StatusSerTypDenied:      "ESME_RSERTYPDENIED",
	StatusInvDCS:            "ESME_RINVDCS",
	StatusInvSrcAddrSubunit: "ESME_RINVSRCADDRSUBUNIT",
	StatusInvDstAddrSubunit: "ESME_RINVDSTADDRSUBUNIT",
	StatusInvBcastFreqInt:   "ESME_RINVBCASTFREQINT",
	StatusInvBcastAliasName: "ESME_RINVBCASTALIAS_NAME",
	StatusInvBcastAreaFmt:   "ESME_RINVBCASTAREAFMT",
	StatusInvNumBcastAreas:  "ESME_RINVNUMBCAST_AREAS",
	StatusInvBcastCntType:   "ESME_RINVBCASTCNTTYPE",
	StatusInvBcastMsgClass:  "ESME_RINVBCASTMSGCLASS",
	StatusBcastFail:         "ESME_RBCASTFAIL",
	StatusBcastQueryFail:    "ESME_RBCASTQUERYFAIL",
	StatusBcastCancelFail:   "ESME_RBCASTCANCELFAIL",
	StatusInvBcastRep:       "ESME_RINVBCAST_REP",
	StatusInvBcastSrvGrp:    "ESME_RINVBCASTSRVGRP",
	StatusInvBcastChanInd:   "ESME_RINVBCASTCHANIND",
}

// Name is the status as the spec spells it ("ESME_RINVPASWD"), or the range an unnamed
// value falls in.
func (s Status) Name() string {
	if n, ok := statusNames[uint32(s)]; ok {
		return n
	}
	if s >= 0x400 && s <= 0x4FF {
		return "vendor-specific error"
	}
	return "reserved status"
}

// Known reports whether the spec names s.
func (s Status) Known() bool { _, ok := statusNames[uint32(s)]; return ok }

// String shows a status as operators want it everywhere: name and hex together,
// "ESME_RINVPASWD (0x0000000E)".
func (s Status) String() string { return fmt.Sprintf("%s (0x%08X)", s.Name(), uint32(s)) }

// MarshalText writes the spec's name, or the hex value ("0x00000401") when it has none,
// so that UnmarshalText reads it back.
func (s Status) MarshalText() ([]byte, error) {
	if n, ok := statusNames[uint32(s)]; ok {
		return []byte(n), nil
	}
	return fmt.Appendf(nil, "0x%08X", uint32(s)), nil
}

// UnmarshalText reads a name (case-insensitive, with or without ESME_: "ESME_RTHROTTLED",
// "rthrottled") or a number, hex with 0x ("0x58") or decimal ("88").
func (s *Status) UnmarshalText(b []byte) error {
	v, err := ParseStatus(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// ParseStatus is UnmarshalText for a string.
func ParseStatus(text string) (Status, error) {
	t := strings.TrimSpace(text)
	if t == "" {
		return 0, fmt.Errorf("command_status is empty: give a name such as ESME_RTHROTTLED or a number such as 0x58")
	}
	if v, ok := StatusByName(t); ok {
		return Status(v), nil
	}
	if t[0] >= '0' && t[0] <= '9' {
		n, err := strconv.ParseUint(t, 0, 32)
		if err != nil {
			return 0, fmt.Errorf("command_status %q: not a 32-bit number (hex as 0x58, or decimal)", text)
		}
		return Status(n), nil
	}
	return 0, fmt.Errorf("command_status %q: not a status the spec names (such as ESME_RTHROTTLED) nor a number (0x58)", text)
}

// StatusName is Status(status).Name().
func StatusName(status uint32) string { return Status(status).Name() }

// StatusString is Status(status).String().
func StatusString(status uint32) string { return Status(status).String() }

// StatusByName maps "ESME_RTHROTTLED" (case-insensitive, with or without the ESME_ prefix)
// to its value.
func StatusByName(name string) (uint32, bool) {
	up := strings.ToUpper(strings.TrimSpace(name))
	if !strings.HasPrefix(up, "ESME_") {
		up = "ESME_" + up
	}
	for v, n := range statusNames {
		if n == up {
			return v, true
		}
	}
	return 0, false
}
