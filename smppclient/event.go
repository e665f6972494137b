package smppclient

import (
	"time"

	"github.com/smppconsole/smppconsole/message"
	"github.com/smppconsole/smppconsole/receipt"
	"github.com/smppconsole/smppconsole/wire"
)

// State is where a link is in its life.
type State int

const (
	Disconnected State = iota
	Connecting
	Binding
	Bound
	Unbinding
	BackingOff
	Closed
)

func (s State) String() string {
	switch s {
	case Disconnected:
		return "disconnected"
	case Connecting:
		return "connecting"
	case Binding:
		return "binding"
	case Bound:
		return "bound"
	case Unbinding:
		return "unbinding"
	case BackingOff:
		return "backing off"
	case Closed:
		return "closed"
	}
	return "unknown state"
}

// BindType is how the session binds: one transceiver, a transmitter, a receiver, or a
// transmitter and a receiver on two connections ("tx+rx"), as many carriers require.
type BindType int

const (
	Transceiver BindType = iota
	Transmitter
	Receiver
	TxRx
)

func (b BindType) String() string {
	switch b {
	case Transceiver:
		return "trx"
	case Transmitter:
		return "tx"
	case Receiver:
		return "rx"
	case TxRx:
		return "tx+rx"
	}
	return "unknown bind"
}

// Direction of a PDU on the wire, seen from the ESME.
type Direction int

const (
	Out Direction = iota // ESME → SMSC
	In                   // SMSC → ESME
)

func (d Direction) String() string {
	if d == In {
		return "in"
	}
	return "out"
}

// Arrow is the direction as one glyph for logs.
func (d Direction) Arrow() string {
	if d == In {
		return "<-"
	}
	return "->"
}

// Outcome is how one submitted part ended. Every part ends in exactly one.
type Outcome int

const (
	Accepted       Outcome = iota // submit_sm_resp ESME_ROK with a message_id
	Rejected                      // submit_sm_resp or generic_nack with an error status
	TimedOut                      // no response within the response timeout
	ConnectionLost                // the connection went before the response came
	// NoResponse: written, and no response is awaited (SendRaw of a response, or of a
	// PDU too short to carry a sequence_number). Only OpEvent has it.
	NoResponse
)

func (o Outcome) String() string {
	switch o {
	case Accepted:
		return "accepted"
	case Rejected:
		return "rejected"
	case TimedOut:
		return "timed out"
	case ConnectionLost:
		return "connection lost"
	case NoResponse:
		return "sent, no response awaited"
	}
	return "unknown outcome"
}

// Event is anything the session reports. The concrete types below are the whole set.
type Event interface{ When() time.Time }

// StateEvent: a link changed state. Link names the connection ("trx", "tx" or "rx").
type StateEvent struct {
	At        time.Time
	Link      string
	State     State
	Bind      BindType
	Addr      string // the SMSC address
	Reason    string // in words: "bind_transceiver_resp ESME_RINVPASWD (0x0000000E)", "connection reset by peer"
	Status    uint32 // bind_resp command_status when the reason is a bind rejection
	HasStatus bool
	Retry     time.Time // when BackingOff: the time of the next attempt
	// Fault is true when the change was caused by something going wrong (connection
	// refused, bind refused, closed by the SMSC, link declared dead, TLS failure), and
	// false for the link's ordinary life and for what the operator or the program asked
	// (unbind, close).
	Fault bool
	// SCInterfaceVersion is bind_resp's sc_interface_version TLV, when HasSCVersion (set
	// on Bound). Its absence means an SMSC that supports no TLVs: see VersionNote.
	SCInterfaceVersion byte
	HasSCVersion       bool
}

// LinkEvent: a step in a connection's life that is not a state change, in words, for
// the log: "connected to 127.0.0.1:2775 from 127.0.0.1:51234", "TLS 1.3 established
// (TLS_AES_128_GCM_SHA256), certificate CN=smsc.example".
type LinkEvent struct {
	At   time.Time
	Link string
	Text string
}

// PDUEvent: one PDU went out or came in, bind, enquire_link, unbind and automatic
// responses included. Raw is the whole PDU; decode it on demand (package dissect).
type PDUEvent struct {
	At     time.Time
	Link   string
	Dir    Direction
	Header wire.Header
	Raw    []byte
	Note   string // e.g. "late: response came 2.1s after its 2s timeout", "undecodable: …"
	// Invalid: sent by SendRaw with RawOptions.Invalid, a PDU that breaks the rules on
	// purpose ("deliberately invalid: sent anyway" in Note).
	Invalid bool
}

// SubmitEvent: one part of a submitted message reached its terminal outcome.
type SubmitEvent struct {
	At        time.Time
	Msg       uint64 // the session's number for the logical message
	Part      int    // 1-based
	Parts     int
	Seq       uint32
	Dest      string
	Outcome   Outcome
	Status    uint32 // command_status when Rejected
	MessageID string // as the SMSC returned it, when Accepted
	Latency   time.Duration
	// Congestion is the submit_sm_resp's congestion_state TLV (SMPP 5.0: 0 idle, 100
	// fully congested; 80-90 is where an ESME should slow down), when HasCongestion.
	// It is read from accepted and rejected responses alike; a TLV whose length is not
	// one octet is ignored.
	Congestion    int
	HasCongestion bool
	// Command is the request: wire.SubmitSM, wire.DataSM or wire.SubmitMulti.
	Command uint32
	// Unsuccess is submit_multi_resp's unsuccess_sme list: every destination the SMSC
	// refused, with its error_status_code. The part is Accepted for the others.
	Unsuccess []wire.UnsuccessSME
	// RespTLVs are the response's TLVs (data_sm_resp: delivery_failure_reason,
	// network_error_code, additional_status_info_text, …; congestion_state), the
	// session's own copy; nil when it had none.
	RespTLVs []wire.TLV
}

// LateEvent: a response arrived after its request had timed out. It is matched to the
// request and logged, never treated as new and never a reason to resend.
type LateEvent struct {
	At        time.Time
	Msg       uint64
	Part      int
	Seq       uint32
	Status    uint32
	MessageID string
	After     time.Duration // since the request was sent
}

// ReceiptEvent: a delivery receipt arrived. Msg, Part and SubmitID are set when it was
// correlated (by normalised message id) to a part this session submitted.
type ReceiptEvent struct {
	At          time.Time
	Link        string
	Receipt     receipt.Receipt
	Matched     bool
	Msg         uint64
	Part        int
	SubmitID    string        // the part's message_id as its submit_sm_resp gave it (another base, maybe)
	SinceSubmit time.Duration // from the submit_sm to the receipt's arrival (not its correlation)
	Seq         uint32        // sequence_number of the deliver_sm (or data_sm) that carried it
	// Rematched: this receipt was reported unmatched before (it overtook a submit_sm_resp
	// that then came after its timeout); the late response has since named its part.
	Rematched bool
	// Owner is Settings.Name of the client that submitted the message, when not this
	// one (a ReceiptShare); Msg and Part are then the owner's numbers.
	Owner string
	// Via, on the submitting client's copy of a receipt that arrived on another client
	// of its ReceiptShare: "NAME/LINK" of the client and link it arrived on ("tx+rx/rx").
	Via string
}

// MOEvent: a mobile-originated message arrived, reassembled when it came in parts.
// Complete is false for a partial message surfaced after the reassembly timeout.
type MOEvent struct {
	At         time.Time
	Link       string
	Source     message.Address
	Dest       message.Address
	Text       string
	DataCoding byte
	Parts      int
	Complete   bool
	Seqs       []uint32 // sequence_numbers of the deliver_sm PDUs that carried its parts, in part order
}

// OpEvent: a Do or SendRaw request got its response, timed out, or lost its
// connection; or a SendRaw PDU that awaits no response was written (NoResponse).
type OpEvent struct {
	At        time.Time
	Link      string
	Command   uint32 // the request's command_id
	Seq       uint32
	MessageID string // the message the request names (query/cancel/replace); "" for raw
	Outcome   Outcome
	Status    uint32 // the response's command_status
	Latency   time.Duration
	// Resp is the decoded response body (QuerySMRespBody: message_state, final_date,
	// error_code), nil when it had none or did not decode; it is the event's own.
	Resp    wire.PDUBody
	Raw     bool // sent by SendRaw
	Invalid bool // sent with RawOptions.Invalid
}

// KeepAliveEvent: an enquire_link was answered; RTT is its round trip.
type KeepAliveEvent struct {
	At   time.Time
	Link string
	RTT  time.Duration
}

// ErrorEvent: something went wrong that is not a state change or a submit outcome.
type ErrorEvent struct {
	At   time.Time
	Link string
	Err  error
}

func (e StateEvent) When() time.Time     { return e.At }
func (e PDUEvent) When() time.Time       { return e.At }
func (e SubmitEvent) When() time.Time    { return e.At }
func (e LateEvent) When() time.Time      { return e.At }
func (e ReceiptEvent) When() time.Time   { return e.At }
func (e MOEvent) When() time.Time        { return e.At }
func (e KeepAliveEvent) When() time.Time { return e.At }
func (e ErrorEvent) When() time.Time     { return e.At }
func (e LinkEvent) When() time.Time      { return e.At }
func (e OpEvent) When() time.Time        { return e.At }
