package filter

// The field table. Names are those of Wireshark's SMPP dissector
// (epan/dissectors/packet-smpp.c, checked against `tshark -G fields` of Wireshark
// 4.0.17), so a filter written for a capture in Wireshark works here. A few names are
// ours, marked so in their description: whole-octet forms of Wireshark's bitfields
// (smpp.esm_class, smpp.registered_delivery), aliases in the spelling people type, and
// the fields of the log (dir, link, latency, receipt.stat, msg).

// kind is the type of a field's values, which decides the literals and operators it takes.
type kind uint8

const (
	kNum   kind = iota // unsigned integer
	kStr               // text (a C-octet string)
	kBytes             // octets
	kDur               // a duration (latency)
	kMsg               // message ids, compared after receipt.IDKeys normalisation
	kNone              // presence only (a list, a zero-length TLV)
)

// source is where a field's value comes from, so Match decodes only what it needs.
type source uint8

const (
	srcHeader source = iota // the 16 header octets
	srcBody                 // the decoded body
	srcText                 // the dissected text and receipt
	srcMeta                 // the Packet's own fields
)

type field struct {
	name  string
	desc  string
	kind  kind
	src   source
	id    uint16
	alias string // for an alias, the name it stands for
	// values names the bare words the field takes, for completion.
	values func() []string
}

var table []*field

func def(name string, k kind, src source, desc string) *field {
	f := &field{name: name, desc: desc, kind: k, src: src, id: uint16(len(table))}
	table = append(table, f)
	return f
}

var byName map[string]*field

// Header fields. Wireshark shows command_status only on responses: so do we.
var (
	fCommandLength  = def("smpp.command_length", kNum, srcHeader, "command_length: the PDU's size in octets, header included")
	fCommandID      = def("smpp.command_id", kNum, srcHeader, "command_id: the operation, by number or name (submit_sm, submit_sm_resp, ...)")
	fCommandStatus  = def("smpp.command_status", kNum, srcHeader, "command_status of a response, by number or name (ESME_ROK, ESME_RTHROTTLED, ...)")
	fSequenceNumber = def("smpp.sequence_number", kNum, srcHeader, "sequence_number: pairs a request with its response")
)

// Mandatory body fields, every PDU type.
var (
	fSystemID         = def("smpp.system_id", kStr, srcBody, "system_id of a bind, bind_resp or outbind")
	fPassword         = def("smpp.password", kStr, srcBody, "password of a bind or outbind")
	fSystemType       = def("smpp.system_type", kStr, srcBody, "system_type of a bind")
	fInterfaceVersion = def("smpp.interface_version", kNum, srcBody, "interface_version of a bind (0x34 is 3.4)")
	fAddrTON          = def("smpp.addr_ton", kNum, srcBody, "addr_ton of a bind's address_range")
	fAddrNPI          = def("smpp.addr_npi", kNum, srcBody, "addr_npi of a bind's address_range")
	fAddressRange     = def("smpp.address_range", kStr, srcBody, "address_range of a bind")
	fServiceType      = def("smpp.service_type", kStr, srcBody, "service_type; (Default) when empty, as Wireshark shows it")
	fSourceTON        = def("smpp.source_addr_ton", kNum, srcBody, "source_addr_ton: type of number of the originator")
	fSourceNPI        = def("smpp.source_addr_npi", kNum, srcBody, "source_addr_npi: numbering plan of the originator")
	fSourceAddr       = def("smpp.source_addr", kStr, srcBody, "source_addr: the originator's address")
	fDestTON          = def("smpp.dest_addr_ton", kNum, srcBody, "dest_addr_ton: type of number of a recipient (every one of submit_multi)")
	fDestNPI          = def("smpp.dest_addr_npi", kNum, srcBody, "dest_addr_npi: numbering plan of a recipient (every one of submit_multi)")
	fDestAddr         = def("smpp.destination_addr", kStr, srcBody, "destination_addr: a recipient's address (each of submit_multi and its unsuccess_sme)")
	fESMClass         = def("smpp.esm_class", kNum, srcBody, "esm_class as one octet (ours; Wireshark splits it into smpp.esm.submit.*)")
	fMsgMode          = def("smpp.esm.submit.msg_mode", kNum, srcBody, "esm_class bits 1-0: messaging mode")
	fMsgType          = def("smpp.esm.submit.msg_type", kNum, srcBody, "esm_class bits 5-2: message type (1: delivery receipt)")
	fFeatures         = def("smpp.esm.submit.features", kNum, srcBody, "esm_class bits 7-6: GSM features (1: UDHI, 2: reply path)")
	fProtocolID       = def("smpp.protocol_id", kNum, srcBody, "protocol_id")
	fPriorityFlag     = def("smpp.priority_flag", kNum, srcBody, "priority_flag")
	fScheduleTime     = def("smpp.schedule_delivery_time", kStr, srcBody, "schedule_delivery_time, an absolute SMPP time, as written (Wireshark compares it as a time)")
	fScheduleTimeR    = def("smpp.schedule_delivery_time_r", kStr, srcBody, "schedule_delivery_time, a relative SMPP time (…R) as written; present and empty for immediate delivery")
	fValidityPeriod   = def("smpp.validity_period", kStr, srcBody, "validity_period, an absolute SMPP time, as written (Wireshark compares it as a time)")
	fValidityPeriodR  = def("smpp.validity_period_r", kStr, srcBody, "validity_period, a relative SMPP time (…R) as written; present and empty for the SMSC's default")
	fRegDel           = def("smpp.registered_delivery", kNum, srcBody, "registered_delivery as one octet (ours; Wireshark splits it into smpp.regdel.*)")
	fRegDelReceipt    = def("smpp.regdel.receipt", kNum, srcBody, "registered_delivery bits 1-0: SMSC delivery receipt (1: on success or failure, 2: on failure)")
	fRegDelAcks       = def("smpp.regdel.acks", kNum, srcBody, "registered_delivery bits 3-2: SME acknowledgements")
	fRegDelNotif      = def("smpp.regdel.notif", kNum, srcBody, "registered_delivery bit 4: intermediate notification")
	fReplaceIfPresent = def("smpp.replace_if_present_flag", kNum, srcBody, "replace_if_present_flag")
	fDataCoding       = def("smpp.data_coding", kNum, srcBody, "data_coding")
	fSMDefaultMsgID   = def("smpp.sm_default_msg_id", kNum, srcBody, "sm_default_msg_id")
	fSMLength         = def("smpp.sm_length", kNum, srcBody, "sm_length: octets of short_message")
	fMessage          = def("smpp.message", kBytes, srcBody, "short_message as octets (UDH included)")
	fMessageID        = def("smpp.message_id", kStr, srcBody, "message_id of a response, query_sm, cancel_sm or replace_sm")
	fDList            = def("smpp.dlist", kNone, srcBody, "submit_multi's destination list")
	fDListResp        = def("smpp.dlist_resp", kNone, srcBody, "submit_multi_resp's unsuccessful delivery list")
	fDLName           = def("smpp.dl_name", kStr, srcBody, "dl_name: a distribution list of submit_multi")
	fFinalDate        = def("smpp.final_date", kStr, srcBody, "final_date of query_sm_resp, an absolute SMPP time, as written")
	fFinalDateR       = def("smpp.final_date_r", kStr, srcBody, "final_date of query_sm_resp, a relative SMPP time (…R), as written")
	fMessageState     = def("smpp.message_state", kNum, srcBody, "message_state of query_sm_resp or the TLV, by number or name (DELIVERED, UNDELIVERABLE, ...)")
	fErrorCode        = def("smpp.error_code", kNum, srcBody, "error_code of query_sm_resp")
	fErrorStatusCode  = def("smpp.error_status_code", kNum, srcBody, "error_status_code of each unsuccess_sme, by number or name")
	fESMEAddrTON      = def("smpp.esme_addr_ton", kNum, srcBody, "esme_addr_ton of alert_notification")
	fESMEAddrNPI      = def("smpp.esme_addr_npi", kNum, srcBody, "esme_addr_npi of alert_notification")
	fESMEAddr         = def("smpp.esme_addr", kStr, srcBody, "esme_addr of alert_notification")
)

// TLVs (optional parameters).
var (
	fOptParams   = def("smpp.opt_params", kNone, srcBody, "the PDU has optional parameters (TLVs)")
	fOptParam    = def("smpp.opt_param", kNone, srcBody, "one optional parameter")
	fOptParamTag = def("smpp.opt_param_tag", kNum, srcBody, "a TLV's tag (every TLV)")
	fOptParamLen = def("smpp.opt_param_len", kNum, srcBody, "a TLV's length (every TLV)")
	fVendorOp    = def("smpp.vendor_op", kBytes, srcBody, "value of a vendor-specific TLV (0x1400-0x3FFF)")
	fReservedOp  = def("smpp.reserved_op", kBytes, srcBody, "value of a TLV no spec defines")

	fNetworkErrorType = def("smpp.network_error.type", kNum, srcBody, "network_error_code TLV: the network type octet (1 ANSI-136, 2 IS-95, 3 GSM, ...)")
	fNetworkErrorCode = def("smpp.network_error.code", kNum, srcBody, "network_error_code TLV: the error code")
	fMsgWaitInd       = def("smpp.msg_wait.ind", kNum, srcBody, "ms_msg_wait_facilities bit 7: indication active")
	fMsgWaitType      = def("smpp.msg_wait.type", kNum, srcBody, "ms_msg_wait_facilities bits 1-0: type of message waiting")
	fCallbackNum      = def("smpp.callback_num", kNone, srcBody, "callback_num TLV")
	fCallbackNumAtag  = def("smpp.callback_num_atag", kNone, srcBody, "callback_num_atag TLV")
	fAlertNull        = def("smpp.alert_on_message_delivery_null", kNone, srcBody, "alert_on_message_delivery TLV without a value")
	fAlertType        = def("smpp.alert_on_message_delivery_type", kNum, srcBody, "alert_on_message_delivery TLV with a value")
	fITSNumber        = def("smpp.its_session.number", kNum, srcBody, "its_session_info: session number")
	fITSSequence      = def("smpp.its_session.sequence", kNum, srcBody, "its_session_info: sequence number")
	fITSInd           = def("smpp.its_session.ind", kNum, srcBody, "its_session_info: end of session indicator")
	fContentTypeNW    = def("smpp.broadcast_content_type.nw", kNum, srcBody, "broadcast_content_type: network type")
	fContentTypeType  = def("smpp.broadcast_content_type.type", kNum, srcBody, "broadcast_content_type: content type")
	fFreqUnit         = def("smpp.broadcast_frequency_interval.unit", kNum, srcBody, "broadcast_frequency_interval: unit")
	fFreqValue        = def("smpp.broadcast_frequency_interval.value", kNum, srcBody, "broadcast_frequency_interval: value")
	fAreaFormat       = def("smpp.broadcast_area_identifier.format", kNum, srcBody, "broadcast_area_identifier: format octet")
)

// Decoded content and the log's own fields.
var (
	fMessageText = def("smpp.message_text", kStr, srcText, "the message text, decoded by data_coding from short_message or message_payload (Wireshark 4.0 leaves data_coding 0 and message_payload undecoded)")
	fReceiptStat = def("receipt.stat", kStr, srcText, "a delivery receipt's state word (DELIVRD, UNDELIV, EXPIRED, ...; ours)")
	fReceiptErr  = def("receipt.err", kStr, srcText, "a delivery receipt's err: as written (ours)")
	fReceiptID   = def("receipt.id", kStr, srcText, "a delivery receipt's message id as written (ours)")
	fDir         = def("dir", kStr, srcMeta, "direction: in (from the SMSC) or out (from the console); ours")
	fLink        = def("link", kStr, srcMeta, "the bind the PDU went over: trx, tx or rx; ours")
	fLatency     = def("latency", kDur, srcMeta, "request to response, on both (500ms, 2s); ours")
	fMsg         = def("msg", kMsg, srcMeta, "every PDU of one message id: submits, responses, receipts, queries; hex and decimal forms match; ours")
)

// tlvFields maps a TLV tag to the field of its whole value. Tags with parts
// (network_error_code, ...) are handled beside, in extract.go.
var tlvFields = map[uint16]*field{}

func tlv(tag uint16, name string, k kind, desc string) {
	tlvFields[tag] = def(name, k, srcBody, desc)
}

func init() {
	tlv(0x0005, "smpp.dest_addr_subunit", kNum, "dest_addr_subunit TLV")
	tlv(0x000D, "smpp.source_addr_subunit", kNum, "source_addr_subunit TLV")
	tlv(0x0006, "smpp.dest_network_type", kNum, "dest_network_type TLV")
	tlv(0x000E, "smpp.source_network_type", kNum, "source_network_type TLV")
	tlv(0x0007, "smpp.dest_bearer_type", kNum, "dest_bearer_type TLV")
	tlv(0x000F, "smpp.source_bearer_type", kNum, "source_bearer_type TLV")
	tlv(0x0008, "smpp.dest_telematics_id", kNum, "dest_telematics_id TLV")
	tlv(0x0010, "smpp.source_telematics_id", kNum, "source_telematics_id TLV")
	tlv(0x0017, "smpp.qos_time_to_live", kNum, "qos_time_to_live TLV (seconds)")
	tlv(0x0019, "smpp.payload_type", kNum, "payload_type TLV")
	tlv(0x001D, "smpp.additional_status_info_text", kStr, "additional_status_info_text TLV")
	tlv(0x001E, "smpp.receipted_message_id", kStr, "receipted_message_id TLV: the message a receipt is about")
	tlv(0x0201, "smpp.privacy_indicator", kNum, "privacy_indicator TLV")
	tlv(0x0202, "smpp.source_subaddress", kBytes, "source_subaddress TLV")
	tlv(0x0203, "smpp.dest_subaddress", kBytes, "dest_subaddress TLV")
	tlv(0x0204, "smpp.user_message_reference", kNum, "user_message_reference TLV")
	tlv(0x0205, "smpp.user_response_code", kNum, "user_response_code TLV")
	tlv(0x020D, "smpp.language_indicator", kNum, "language_indicator TLV")
	tlv(0x020A, "smpp.source_port", kNum, "source_port TLV")
	tlv(0x020B, "smpp.destination_port", kNum, "destination_port TLV")
	tlv(0x020C, "smpp.sar_msg_ref_num", kNum, "sar_msg_ref_num TLV: the reference of a segmented message")
	tlv(0x020E, "smpp.sar_total_segments", kNum, "sar_total_segments TLV")
	tlv(0x020F, "smpp.sar_segment_seqnum", kNum, "sar_segment_seqnum TLV")
	tlv(0x1201, "smpp.display_time", kNum, "display_time TLV")
	tlv(0x1203, "smpp.sms_signal", kNum, "sms_signal TLV")
	tlv(0x1204, "smpp.ms_validity", kNum, "ms_validity TLV")
	tlv(0x0420, "smpp.dpf_result", kNum, "dpf_result TLV")
	tlv(0x0421, "smpp.set_dpf", kNum, "set_dpf TLV")
	tlv(0x0422, "smpp.ms_availability_status", kNum, "ms_availability_status TLV")
	tlv(0x0425, "smpp.delivery_failure_reason", kNum, "delivery_failure_reason TLV (data_sm_resp)")
	tlv(0x0426, "smpp.more_messages_to_send", kNum, "more_messages_to_send TLV")
	tlv(0x0304, "smpp.number_of_messages", kNum, "number_of_messages TLV")
	tlv(0x1380, "smpp.its_reply_type", kNum, "its_reply_type TLV")
	tlv(0x0501, "smpp.ussd_service_op", kNum, "ussd_service_op TLV")
	tlv(0x0210, "smpp.SC_interface_version", kNum, "sc_interface_version TLV of bind_resp: the SMSC's version (0x34, 0x50)")
	tlv(0x0424, "smpp.message_payload", kBytes, "message_payload TLV: the message as octets")
	tlv(0x0428, "smpp.congestion_state", kNum, "congestion_state TLV (5.0): the SMSC's load, 0-100")
	tlv(0x060B, "smpp.billing_id", kBytes, "billing_identification TLV (5.0)")
	tlv(0x0613, "smpp.dest_addr_np_country", kBytes, "dest_addr_np_country TLV (5.0)")
	tlv(0x0612, "smpp.dest_addr_np_info", kBytes, "dest_addr_np_information TLV (5.0)")
	tlv(0x0611, "smpp.dest_addr_np_resolution", kNum, "dest_addr_np_resolution TLV (5.0)")
	tlv(0x060D, "smpp.source_network_id", kStr, "source_network_id TLV (5.0)")
	tlv(0x060F, "smpp.source_node_id", kBytes, "source_node_id TLV (5.0)")
	tlv(0x060E, "smpp.dest_network_id", kStr, "dest_network_id TLV (5.0)")
	tlv(0x0610, "smpp.dest_node_id", kBytes, "dest_node_id TLV (5.0)")
	tlv(0x0600, "smpp.broadcast_channel_indicator", kNum, "broadcast_channel_indicator TLV (5.0)")
	tlv(0x0602, "smpp.broadcast_content_type.info", kBytes, "broadcast_content_type_info TLV (5.0)")
	tlv(0x0603, "smpp.broadcast_message_class", kNum, "broadcast_message_class TLV (5.0)")
	tlv(0x0604, "smpp.broadcast_rep_num", kNum, "broadcast_rep_num TLV (5.0)")
	tlv(0x0606, "smpp.broadcast_area_identifier", kBytes, "broadcast_area_identifier TLV (5.0)")
	tlv(0x0607, "smpp.broadcast_error_status", kNum, "broadcast_error_status TLV (5.0)")
	tlv(0x0608, "smpp.broadcast_area_success", kNum, "broadcast_area_success TLV (5.0)")
	tlv(0x0609, "smpp.broadcast_end_time", kStr, "broadcast_end_time TLV (5.0) as written")
	tlv(0x060A, "smpp.broadcast_service_group", kBytes, "broadcast_service_group TLV (5.0)")

	byName = make(map[string]*field, len(table)+8)
	for _, f := range table {
		byName[f.name] = f
	}
	// Aliases: the spelling of the TLV's name in the spec, which people type.
	alias("smpp.sc_interface_version", "smpp.SC_interface_version")
	alias("smpp.network_error_code", "smpp.network_error.code")
	alias("smpp.billing_identification", "smpp.billing_id")
	alias("smpp.short_message", "smpp.message")

	fCommandID.values = commandNames
	fCommandStatus.values = statusNames
	fErrorStatusCode.values = statusNames
	fMessageState.values = stateNames
	fDir.values = func() []string { return []string{"in", "out"} }
	fLink.values = func() []string { return []string{"trx", "tx", "rx"} }
	fReceiptStat.values = statWords
}

func alias(name, of string) {
	t := byName[of]
	f := &field{name: name, desc: "same as " + of, kind: t.kind, src: t.src, id: t.id, alias: of}
	byName[name] = f
}

// Field is a field the language knows, for help and completion.
type Field struct{ Name, Desc string }

// Fields lists every field name the language knows, with a one-line description, in
// the order a reader meets them: header, body, TLVs, then the log's own.
func Fields() []Field {
	out := make([]Field, 0, len(byName))
	for _, f := range table {
		out = append(out, Field{f.name, f.desc})
	}
	for _, n := range []string{"smpp.sc_interface_version", "smpp.network_error_code", "smpp.billing_identification", "smpp.short_message"} {
		out = append(out, Field{n, byName[n].desc})
	}
	return out
}
