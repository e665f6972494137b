package ui

import (
	"fmt"
	"net"
	"strings"

	"github.com/smppconsole/smppconsole/smppclient"
	"github.com/smppconsole/smppconsole/wire"
)

// The status bar's interface versions, congestion_state and outbind wait: what the SMSC
// said of itself in bind_resp, how that differs from what the client asked, and
// what the SMSC says of its load in each response (SMPP 5.0 §4.8.4.19).

// sessionSettings is what the console reads of a session that has settings (a
// *smppclient.Client; a test's fake may have none).
type sessionSettings interface{ Settings() smppclient.Settings }

// outbindListener is a session that may be listening for an SMSC's outbind.
type outbindListener interface{ OutbindAddr() net.Addr }

// versionInfo is what the bar knows of versions and load.
type versionInfo struct {
	asked         byte // the client's interface_version; 0: unknown (no settings)
	congestion    int
	hasCongestion bool
	outbindAddr   func() net.Addr // the outbind listener's address, nil without one
}

// learnSession reads the asked version and the outbind listener from the session.
func (s *statusBar) learnSession(sess Session) {
	if ss, ok := sess.(sessionSettings); ok {
		s.ver.asked = ss.Settings().InterfaceVersion
		if ss.Settings().ListenOutbind == "" {
			return
		}
	}
	if ol, ok := sess.(outbindListener); ok {
		s.ver.outbindAddr = ol.OutbindAddr
	}
}

// OnSubmit takes congestion_state from a response that carried it.
func (s *statusBar) OnSubmit(ev smppclient.SubmitEvent) {
	if ev.HasCongestion {
		s.ver.congestion, s.ver.hasCongestion = ev.Congestion, true
	}
}

// boundVersion is the SMSC's version as the first bound link's bind_resp gave it.
func (s *statusBar) boundVersion() (sc byte, has, bound bool) {
	for _, l := range s.links {
		if l.State == smppclient.Bound {
			return l.SCInterfaceVersion, l.HasSCVersion, true
		}
	}
	return 0, false, false
}

// versionItems are the bar's items for the SMSC's version and its congestion.
func (s *statusBar) versionItems() []string {
	st := s.st
	var it []string
	// Without sc_interface_version, and without knowing what the client asked, there is
	// nothing to compare: the item waits for one or the other.
	if sc, has, bound := s.boundVersion(); bound && (has || s.ver.asked != 0) {
		v := "none (3.3: no TLVs)"
		if has {
			v = wire.InterfaceVersionName(sc)
		}
		it = append(it, st.Muted.Render("SMSC version ")+st.Text.Render(v))
	}
	if s.ver.hasCongestion {
		c := s.ver.congestion
		style := st.Text
		switch {
		case c >= 90:
			style = st.Bad
		case c >= 80: // where 5.0 asks an ESME to slow down
			style = st.Warn
		}
		it = append(it, st.Muted.Render("congestion ")+style.Render(fmt.Sprintf("%d%%", c)))
	}
	return it
}

// versionNote is the mismatch between what the client asked and what the SMSC speaks,
// in words ("" when they agree or the asked version is unknown).
func (s *statusBar) versionNote() string {
	sc, has, bound := s.boundVersion()
	if !bound || s.ver.asked == 0 {
		return ""
	}
	return smppclient.VersionNote(s.ver.asked, sc, has)
}

// waitingWords is the state of a link that listens for an outbind, with the address
// it really listens on (":0" in the settings becomes the port the system chose).
func (s *statusBar) waitingWords(l smppclient.StateEvent) (string, bool) {
	const prefix = "waiting for an outbind on "
	if l.State != smppclient.Connecting || !strings.HasPrefix(l.Reason, prefix) {
		return "", false
	}
	if s.ver.outbindAddr != nil {
		if a := s.ver.outbindAddr(); a != nil {
			return prefix + a.String(), true
		}
	}
	return l.Reason, true
}
