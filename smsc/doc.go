// Package smsc is an SMSC simulator: a real SMPP 3.4 server for testing ESMEs.
//
// A Server accepts binds from configured accounts, answers submit_sm, data_sm and
// submit_multi with message ids, keeps what it accepted in a bounded, expiring store
// (so query_sm, cancel_sm and replace_sm answer consistently), sends delivery receipts
// and mobile-originated messages as deliver_sm, keeps the link alive with enquire_link,
// and can be told to misbehave (throttle, delay, drop, error, close, send malformed
// PDUs) so that a client's reliability can be tested.
//
// It reads and writes through package wire: framing, the coalescing Outbox, and the
// body codec, which decodes every request into a typed body and builds every PDU the
// server sends, so that what goes on the wire follows the specification even where
// gosmpp's marshaller would not (TLV order, data_coding kept, message_id present in OK
// responses, header-only error responses where 3.4 says so). Field maximums and the
// status for a wrong field are wire's (FieldError.Status).
// The server never prints: bind and unbind lines go to Config.Log.
//
// It acts as an SMPP 3.3, 3.4 or 5.0 server (Config.InterfaceVersion, see version.go),
// can send outbind to an ESME and serve the bind_receiver that answers it
// (Config.Outbind), and can send receipts as data_sm (Config.ReceiptsAs).
//
// Bound sessions (Config.MaxConnections) are counted apart from connections waiting to
// bind (Config.MaxUnbound, Config.BindTimeout), so idle connections cannot take the
// place of binds. Drain stops the server without losing a submission or a receipt due
// within its grace.
package smsc
