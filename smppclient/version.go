package smppclient

import (
	"fmt"

	"github.com/smppconsole/smppconsole/wire"
)

// Interface versions. The client binds with Settings.InterfaceVersion and reads the
// SMSC's sc_interface_version from bind_resp. SMPP 3.4 §5.3.2.25: an SMSC that sends
// no sc_interface_version supports no TLVs at all (3.3 behaviour). Each side then
// talks the lower of the two versions: that decides what will and will not come.
//
// What the client sends is not filtered by its version: a client bound at 3.3 still
// sends the TLVs a message asks for (message_payload, SAR), as a test console should
// be able to. A 3.3 SMSC ignores them (the simulator at 3.3 does); the Bound reason
// carries VersionNote, so the operator sees the mismatch in words.

// versionClass folds an interface_version octet to 0x33 (3.3 or earlier), 0x34 or
// 0x50; ok is false for an octet SMPP gives no meaning (0x35-0x4F, above 0x50).
func versionClass(v byte) (byte, bool) {
	switch {
	case v <= wire.InterfaceVersion33:
		return wire.InterfaceVersion33, true
	case v == wire.InterfaceVersion34, v == wire.InterfaceVersion50:
		return v, true
	}
	return v, false
}

// lostWith says what a client that asked for version asked gives up when the
// conversation runs at version got.
func lostWith(asked, got byte) string {
	switch {
	case got == wire.InterfaceVersion33:
		return "no TLVs will come (no receipted_message_id or message_state in receipts, no message_payload" +
			map[bool]string{true: ", no congestion_state", false: ""}[asked == wire.InterfaceVersion50] + ")"
	case got == wire.InterfaceVersion34 && asked == wire.InterfaceVersion50:
		return "no congestion_state will come (nor any other SMPP 5.0 TLV)"
	}
	return ""
}

// VersionNote explains in words how the SMSC's version differs from what the client
// asked, "" when they agree, e.g. "SMSC speaks 3.4, the client asked for 5.0: no
// congestion_state will come". A bind_resp without sc_interface_version (has false)
// means an SMSC that supports no TLVs (3.4 §5.3.2.25).
func VersionNote(asked, sc byte, has bool) string {
	a, _ := versionClass(asked)
	name := wire.InterfaceVersionName(a)
	if !has {
		if a == wire.InterfaceVersion33 {
			return "" // a 3.3 client expects no TLV in bind_resp
		}
		return fmt.Sprintf("SMSC speaks 3.3 (no sc_interface_version in bind_resp: it supports no TLVs, 3.4 §5.3.2.25), the client asked for %s: %s",
			name, lostWith(a, wire.InterfaceVersion33))
	}
	s, known := versionClass(sc)
	switch {
	case !known:
		return fmt.Sprintf("SMSC gave sc_interface_version 0x%02X, which is no SMPP version; the client asked for %s", sc, name)
	case s == a && a == wire.InterfaceVersion33:
		return "SMSC speaks 3.3 yet sent sc_interface_version, a TLV 3.3 does not have"
	case s == a:
		return ""
	case s < a:
		return fmt.Sprintf("SMSC speaks %s, the client asked for %s: %s", wire.InterfaceVersionName(s), name, lostWith(a, s))
	}
	return fmt.Sprintf("SMSC speaks %s, the client asked for %s: the SMSC will talk %s", wire.InterfaceVersionName(s), name, name)
}

// scVersion reads sc_interface_version from a bind_resp's TLVs; a TLV whose length is
// not one octet is ignored, as if absent.
func scVersion(tlvs []wire.TLV) (byte, bool) {
	t, ok := wire.FindTLV(tlvs, wire.TagScInterfaceVersion)
	if !ok || len(t.Value) != 1 {
		return 0, false
	}
	return t.Value[0], true
}
