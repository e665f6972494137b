package wire

import (
	"encoding/binary"
	"fmt"
)

// TLV is one optional parameter as it stands on the wire. Unlike gosmpp's map, a list
// keeps the order, duplicates and zero-length values that a debugging console must show.
type TLV struct {
	Tag   uint16
	Value []byte
}

// TLV tags (SMPP 3.4 §5.3.2, with the 5.0 additions an SMSC is likely to send).
const (
	TagDestAddrSubunit       uint16 = 0x0005
	TagDestNetworkType       uint16 = 0x0006
	TagDestBearerType        uint16 = 0x0007
	TagDestTelematicsID      uint16 = 0x0008
	TagSourceAddrSubunit     uint16 = 0x000D
	TagSourceNetworkType     uint16 = 0x000E
	TagSourceBearerType      uint16 = 0x000F
	TagSourceTelematicsID    uint16 = 0x0010
	TagQosTimeToLive         uint16 = 0x0017
	TagPayloadType           uint16 = 0x0019
	TagAdditionalStatusInfo  uint16 = 0x001D
	TagReceiptedMessageID    uint16 = 0x001E
	TagMsMsgWaitFacilities   uint16 = 0x0030
	TagPrivacyIndicator      uint16 = 0x0201
	TagSourceSubaddress      uint16 = 0x0202
	TagDestSubaddress        uint16 = 0x0203
	TagUserMessageReference  uint16 = 0x0204
	TagUserResponseCode      uint16 = 0x0205
	TagSourcePort            uint16 = 0x020A
	TagDestinationPort       uint16 = 0x020B
	TagSarMsgRefNum          uint16 = 0x020C
	TagLanguageIndicator     uint16 = 0x020D
	TagSarTotalSegments      uint16 = 0x020E
	TagSarSegmentSeqnum      uint16 = 0x020F
	TagScInterfaceVersion    uint16 = 0x0210
	TagCallbackNumPresInd    uint16 = 0x0302
	TagCallbackNumAtag       uint16 = 0x0303
	TagNumberOfMessages      uint16 = 0x0304
	TagCallbackNum           uint16 = 0x0381
	TagDpfResult             uint16 = 0x0420
	TagSetDpf                uint16 = 0x0421
	TagMsAvailabilityStatus  uint16 = 0x0422
	TagNetworkErrorCode      uint16 = 0x0423
	TagMessagePayload        uint16 = 0x0424
	TagDeliveryFailureReason uint16 = 0x0425
	TagMoreMessagesToSend    uint16 = 0x0426
	TagMessageState          uint16 = 0x0427
	TagCongestionState       uint16 = 0x0428
	TagUssdServiceOp         uint16 = 0x0501
	// SMPP 5.0 broadcast (§4.8.4), for display.
	TagBroadcastChannelIndicator  uint16 = 0x0600
	TagBroadcastContentType       uint16 = 0x0601
	TagBroadcastContentTypeInfo   uint16 = 0x0602
	TagBroadcastMessageClass      uint16 = 0x0603
	TagBroadcastRepNum            uint16 = 0x0604
	TagBroadcastFrequencyInterval uint16 = 0x0605
	TagBroadcastAreaIdentifier    uint16 = 0x0606
	TagBroadcastErrorStatus       uint16 = 0x0607
	TagBroadcastAreaSuccess       uint16 = 0x0608
	TagBroadcastEndTime           uint16 = 0x0609
	TagBroadcastServiceGroup      uint16 = 0x060A
	TagBillingIdentification      uint16 = 0x060B
	TagSourceNetworkID            uint16 = 0x060D
	TagDestNetworkID              uint16 = 0x060E
	TagSourceNodeID               uint16 = 0x060F
	TagDestNodeID                 uint16 = 0x0610
	TagDestAddrNPResolution       uint16 = 0x0611
	TagDestAddrNPInformation      uint16 = 0x0612
	TagDestAddrNPCountry          uint16 = 0x0613
	TagDisplayTime                uint16 = 0x1201
	TagSmsSignal                  uint16 = 0x1203
	TagMsValidity                 uint16 = 0x1204
	TagAlertOnMessageDelivery     uint16 = 0x130C
	TagItsReplyType               uint16 = 0x1380
	TagItsSessionInfo             uint16 = 0x1383
)

var tagNames = map[uint16]string{
	TagDestAddrSubunit:       "dest_addr_subunit",
	TagDestNetworkType:       "dest_network_type",
	TagDestBearerType:        "dest_bearer_type",
	TagDestTelematicsID:      "dest_telematics_id",
	TagSourceAddrSubunit:     "source_addr_subunit",
	TagSourceNetworkType:     "source_network_type",
	TagSourceBearerType:      "source_bearer_type",
	TagSourceTelematicsID:    "source_telematics_id",
	TagQosTimeToLive:         "qos_time_to_live",
	TagPayloadType:           "payload_type",
	TagAdditionalStatusInfo:  "additional_status_info_text",
	TagReceiptedMessageID:    "receipted_message_id",
	TagMsMsgWaitFacilities:   "ms_msg_wait_facilities",
	TagPrivacyIndicator:      "privacy_indicator",
	TagSourceSubaddress:      "source_subaddress",
	TagDestSubaddress:        "dest_subaddress",
	TagUserMessageReference:  "user_message_reference",
	TagUserResponseCode:      "user_response_code",
	TagSourcePort:            "source_port",
	TagDestinationPort:       "destination_port",
	TagSarMsgRefNum:          "sar_msg_ref_num",
	TagLanguageIndicator:     "language_indicator",
	TagSarTotalSegments:      "sar_total_segments",
	TagSarSegmentSeqnum:      "sar_segment_seqnum",
	TagScInterfaceVersion:    "sc_interface_version",
	TagCallbackNumPresInd:    "callback_num_pres_ind",
	TagCallbackNumAtag:       "callback_num_atag",
	TagNumberOfMessages:      "number_of_messages",
	TagCallbackNum:           "callback_num",
	TagDpfResult:             "dpf_result",
	TagSetDpf:                "set_dpf",
	TagMsAvailabilityStatus:  "ms_availability_status",
	TagNetworkErrorCode:      "network_error_code",
	TagMessagePayload:        "message_payload",
	TagDeliveryFailureReason: "delivery_failure_reason",
	TagMoreMessagesToSend:    "more_messages_to_send",
	TagMessageState:          "message_state",
	TagCongestionState:       "congestion_state",
	TagUssdServiceOp:         "ussd_service_op",
	TagBillingIdentification: "billing_identification",

	TagBroadcastChannelIndicator:  "broadcast_channel_indicator",
	TagBroadcastContentType:       "broadcast_content_type",
	TagBroadcastContentTypeInfo:   "broadcast_content_type_info",
	TagBroadcastMessageClass:      "broadcast_message_class",
	TagBroadcastRepNum:            "broadcast_rep_num",
	TagBroadcastFrequencyInterval: "broadcast_frequency_interval",
	TagBroadcastAreaIdentifier:    "broadcast_area_identifier",
	TagBroadcastErrorStatus:       "broadcast_error_status",
	TagBroadcastAreaSuccess:       "broadcast_area_success",
	TagBroadcastEndTime:           "broadcast_end_time",
	TagBroadcastServiceGroup:      "broadcast_service_group",
	TagSourceNetworkID:            "source_network_id",
	TagDestNetworkID:              "dest_network_id",
	TagSourceNodeID:               "source_node_id",
	TagDestNodeID:                 "dest_node_id",
	TagDestAddrNPResolution:       "dest_addr_np_resolution",
	TagDestAddrNPInformation:      "dest_addr_np_information",
	TagDestAddrNPCountry:          "dest_addr_np_country",
	TagDisplayTime:                "display_time",
	TagSmsSignal:                  "sms_signal",
	TagMsValidity:                 "ms_validity",
	TagAlertOnMessageDelivery:     "alert_on_message_delivery",
	TagItsReplyType:               "its_reply_type",
	TagItsSessionInfo:             "its_session_info",
}

// TagName is the TLV's name as the spec spells it; unknown tags are named by their range.
func TagName(tag uint16) string {
	if n, ok := tagNames[tag]; ok {
		return n
	}
	if tag >= 0x1400 && tag <= 0x3FFF {
		return fmt.Sprintf("vendor-specific 0x%04X", tag)
	}
	return fmt.Sprintf("unknown 0x%04X", tag)
}

// TagByName maps a spec name ("message_payload") to its tag.
func TagByName(name string) (uint16, bool) {
	for t, n := range tagNames {
		if n == name {
			return t, true
		}
	}
	return 0, false
}

// TLVError says where a TLV stream stopped making sense.
type TLVError struct {
	Offset int // offset within the TLV area where the bad TLV starts
	Reason string
}

func (e *TLVError) Error() string { return fmt.Sprintf("TLV at offset %d: %s", e.Offset, e.Reason) }

// ParseTLVs reads the optional-parameter area of a PDU body in order. It returns every
// TLV it could read and, if the area ends mid-TLV, a *TLVError saying where.
func ParseTLVs(b []byte) ([]TLV, error) {
	c := Cursor{b: b}
	out := c.TLVs(nil)
	return out, c.err
}

// AppendTLV appends one TLV in wire form; a zero-length value is written too, since the
// spec allows it and an operator may be testing exactly that.
func AppendTLV(b []byte, t TLV) []byte {
	b = binary.BigEndian.AppendUint16(b, t.Tag)
	b = binary.BigEndian.AppendUint16(b, uint16(len(t.Value)))
	return append(b, t.Value...)
}

// Uint8TLV, Uint16TLV and CStringTLV build TLVs of the spec's common value types.
func Uint8TLV(tag uint16, v uint8) TLV { return TLV{tag, []byte{v}} }

func Uint16TLV(tag uint16, v uint16) TLV {
	return TLV{tag, binary.BigEndian.AppendUint16(nil, v)}
}

func CStringTLV(tag uint16, s string) TLV { return TLV{tag, append([]byte(s), 0)} }

// FindTLV returns the first TLV with the tag.
func FindTLV(tlvs []TLV, tag uint16) (TLV, bool) {
	for _, t := range tlvs {
		if t.Tag == tag {
			return t, true
		}
	}
	return TLV{}, false
}
