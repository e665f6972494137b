// Package wire is the SMPP byte layer: the one place that reads and writes SMPP PDUs.
// It frames PDUs out of a byte stream (Reader, Split), writes them (Outbox), decodes and
// builds every PDU body of SMPP 3.4 (the body codec below), and names commands,
// statuses and TLV tags as the specification spells them.
//
// # Bodies
//
// Each command_id has one body type. DecodeBody(h, body) returns it as a PDUBody;
// NewBody(id) returns an empty one.
//
//	bind_transmitter, bind_receiver, bind_transceiver   *BindBody       (Command says which)
//	bind_*_resp                                         *BindRespBody
//	outbind                                             *OutbindBody
//	submit_sm, deliver_sm, data_sm                      *SMBody         (Command chooses the layout)
//	submit_sm_resp, deliver_sm_resp, data_sm_resp       *SMRespBody
//	submit_multi                                        *SubmitMultiBody
//	submit_multi_resp                                   *SubmitMultiRespBody
//	query_sm / query_sm_resp                            *QuerySMBody / *QuerySMRespBody
//	cancel_sm                                           *CancelSMBody
//	replace_sm                                          *ReplaceSMBody
//	alert_notification                                  *AlertNotificationBody
//	generic_nack, unbind(_resp), enquire_link(_resp),
//	cancel_sm_resp, replace_sm_resp                     *EmptyBody      (no mandatory fields)
//
// The SMPP 5.0 broadcast commands are named but have no layout here: DecodeBody returns
// an error for them and the dissector shows their body as hex.
//
// Every body type has:
//
//	Decode(body []byte) error       read a body (the octets after the header)
//	DecodeFrom(c *Cursor) error     the same through a cursor, e.g. one with a Recorder
//	Append(dst []byte) []byte       write the body after dst
//	Validate() error                the spec's rules, separate from decoding
//
// Decoding is tolerant: it fails only when the body cannot be read (a field cut short,
// a C-octet string with no NUL, a dest_flag that is neither 1 nor 2), with a *FieldError
// naming the field. A field longer than the spec allows is decoded; Validate reports
// it, as a *FieldError whose Status() is the command_status an SMSC answers with
// (ESME_RINVSRCADR for source_addr, ESME_RINVCMDLEN for a body cut short). Validate
// checks SMPP times with ParseSMPPTime, the one time checker. When the TLV area ends
// inside a TLV, Decode returns a *TLVError and keeps the mandatory fields and the TLVs
// before it.
//
// Values are sub-slices of the body, never copies, and Decode reuses the slices of the
// value it decodes into (TLVs, Dests, Unsuccess): decoding into a body kept per
// connection allocates nothing, which the simulator needs at over a million PDUs a
// second. Copy what must outlive the PDU's buffer (string(b.MessageID) does). Set
// SMBody.Command before its Decode.
//
// TLVs are a []TLV in wire order: duplicates and zero-length values are kept, and
// Append writes them back exactly so. A header-only response (legal for an error, and
// common for an OK deliver_sm_resp) decodes with NoBody set; Append then writes nothing.
//
// Helpers, so that no other package scans a body itself:
//
//	RespMessageID(body)    the message_id a response body starts with
//	TLV.CString()          a C-octet-string TLV's value without its NUL (receipted_message_id)
//	SMBody.Content()       short_message, or message_payload when short_message is empty
//	FindTLV(tlvs, tag)     the first TLV with a tag
//
// # Building a PDU
//
// AppendPDU(dst, body, status, seq) writes header, body and command_length:
//
//	b := &wire.SMRespBody{Command: wire.SubmitSMResp, MessageID: id}
//	pdu := wire.AppendPDU(nil, b, wire.StatusOK, seq)
//
// Append writes what it is given; call Validate first where the values come from a
// person. Append never writes a PDU whose framing lies: a short_message over 255 octets,
// or more than 255 destinations, is cut to what the length octet can count.
//
// # Recording field spans
//
// A Cursor reads fields in wire order and, given a Recorder, reports each as a Span:
// its name as the spec spells it (source_addr_ton, destination_addr, sm_length…), its
// Kind, and its octets [Start, End), End exclusive. DecodeBodyRecorded(h, body, rec)
// counts them from the start of the PDU (the body follows the 16-octet header). Begin
// and End bracket a compound part: "dest_address" n, "unsuccess_sme" n, and each TLV,
// named by its tag (TagName), holding the spans tag, length and value. The fields read
// before a failure are all reported, so a damaged PDU still shows what it could.
// Without a Recorder nothing is allocated.
//
// # Statuses and field sizes
//
// Status is a command_status with String ("ESME_RTHROTTLED (0x00000058)"), MarshalText
// and UnmarshalText (names case-insensitive, with or without ESME_, or a number); every
// status SMPP 3.4 and 5.0 name has a Status… constant. The field maximums (MaxSystemID,
// MaxAddr, MaxMessageID, …) are written once, in fields.go.
//
// # gosmpp
//
// gosmpp's pdu package stays underneath: the round-trip test proves that the two agree
// on every PDU both can express, and lists where gosmpp is wrong. Decode and Marshal in
// gosmpp_bridge.go wrap gosmpp's typed PDUs for the callers that still use them.
package wire
