package smppclient

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/smppconsole/smppconsole/wire"
)

// dialError is a failed connect: its reason in words, and whether retrying is pointless
// (a certificate that fails verification fails the same way next time).
type dialError struct {
	reason string
	giveUp string
}

func (e *dialError) Error() string { return e.reason }

// dial connects, with the TLS handshake if configured, and tells the log each step.
// raw is the TCP connection under a TLS one: closing it directly never waits to send a
// close_notify.
func (l *link) dial(ctx context.Context) (nc, raw net.Conn, err error) {
	s := &l.c.s
	if s.Dialer != nil {
		dctx, cancel := context.WithTimeout(ctx, s.ConnectTimeout)
		raw, err = s.Dialer(dctx, "tcp", s.Addr)
		cancel()
	} else {
		d := net.Dialer{Timeout: s.ConnectTimeout, KeepAlive: 30 * time.Second}
		raw, err = d.DialContext(ctx, "tcp", s.Addr)
	}
	if err != nil {
		return nil, nil, &dialError{reason: dialReason(err, s.Addr)}
	}
	if r := s.Recorder; r != nil {
		r.Connected(l.c.now(), l.name, raw.LocalAddr(), raw.RemoteAddr())
	}
	l.c.emit(LinkEvent{At: l.c.now(), Link: l.name,
		Text: fmt.Sprintf("connected to %s from %s", raw.RemoteAddr(), raw.LocalAddr())})
	cfg := s.tlsConfig()
	if cfg == nil {
		return raw, raw, nil
	}
	tc := tls.Client(raw, cfg)
	hctx, cancel := context.WithTimeout(ctx, s.HandshakeTimeout)
	defer cancel()
	if err := tc.HandshakeContext(hctx); err != nil {
		raw.Close()
		if ctx.Err() != nil {
			return nil, nil, err
		}
		de := tlsError(err, s.HandshakeTimeout)
		de.reason = fmt.Sprintf("connect to %s: %s", s.Addr, de.reason)
		return nil, nil, de
	}
	l.c.emit(LinkEvent{At: l.c.now(), Link: l.name, Text: tlsEstablished(tc.ConnectionState(), cfg.InsecureSkipVerify)})
	return tc, raw, nil
}

func dialReason(err error, addr string) string {
	var ne net.Error
	var dns *net.DNSError
	switch {
	case errors.As(err, &dns):
		return fmt.Sprintf("connect to %s: cannot resolve %q: %s", addr, dns.Name, dns.Err)
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Sprintf("connect to %s: connection refused", addr)
	case errors.As(err, &ne) && ne.Timeout():
		return fmt.Sprintf("connect to %s: no answer (timed out)", addr)
	}
	return fmt.Sprintf("connect to %s: %s", addr, netErrText(err))
}

// plainHint is what a TLS handshake that meets plain SMPP most likely means.
const plainHint = "is the port plain TCP (no TLS)?"

// tlsError says in words why a handshake failed: a certificate that fails verification
// (named by its subject, and why), an SMSC that answers in plain SMPP, or silence.
func tlsError(err error, timeout time.Duration) *dialError {
	var ve *tls.CertificateVerificationError
	var rh tls.RecordHeaderError
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return &dialError{reason: fmt.Sprintf("TLS handshake timed out after %s: %s", timeout, plainHint)}
	case errors.As(err, &rh):
		h := rh.RecordHeader
		if looksLikeSMPP(h) {
			return &dialError{reason: fmt.Sprintf("TLS handshake: the SMSC answered with what looks like an SMPP PDU (command_length %d, first octets % x), not TLS: %s",
				uint32(h[0])<<24|uint32(h[1])<<16|uint32(h[2])<<8|uint32(h[3]), h[:], plainHint)}
		}
		return &dialError{reason: fmt.Sprintf("TLS handshake: the SMSC answered with octets that are not a TLS record (% x): is this the SMSC's TLS port?", h[:])}
	case errors.As(err, &ve):
		return &dialError{reason: "TLS handshake: " + verifyReason(ve),
			giveUp: "not retrying a certificate that fails verification (check the CA file, server_name and the SMSC's certificate)"}
	}
	return &dialError{reason: "TLS handshake: " + netErrText(err)}
}

// looksLikeSMPP: a plausible command_length and the first octet of a command_id (0x00,
// or 0x80 for a response such as generic_nack).
func looksLikeSMPP(h [5]byte) bool {
	n := uint32(h[0])<<24 | uint32(h[1])<<16 | uint32(h[2])<<8 | uint32(h[3])
	return n >= wire.HeaderLen && n <= wire.DefaultMaxLength && (h[4] == 0x00 || h[4] == 0x80)
}

func verifyReason(ve *tls.CertificateVerificationError) string {
	subject := "(none)"
	var cert *x509.Certificate
	if len(ve.UnverifiedCertificates) > 0 {
		cert = ve.UnverifiedCertificates[0]
		subject = cert.Subject.String()
	}
	var ua x509.UnknownAuthorityError
	var he x509.HostnameError
	var ci x509.CertificateInvalidError
	switch {
	case errors.As(ve.Err, &ua):
		issuer := ""
		if cert != nil {
			issuer = " (issuer " + cert.Issuer.String() + ")"
		}
		return fmt.Sprintf("certificate %s is signed by an unknown authority%s", subject, issuer)
	case errors.As(ve.Err, &he):
		return fmt.Sprintf("certificate %s does not match the name %s (it is for %s)", subject, he.Host, certNames(he.Certificate))
	case errors.As(ve.Err, &ci) && ci.Reason == x509.Expired && ci.Cert != nil:
		c := ci.Cert
		if time.Now().Before(c.NotBefore) {
			return fmt.Sprintf("certificate %s is not valid yet (valid from %s)", subject, c.NotBefore.UTC().Format(time.RFC3339))
		}
		return fmt.Sprintf("certificate %s has expired (valid until %s)", subject, c.NotAfter.UTC().Format(time.RFC3339))
	}
	return fmt.Sprintf("certificate %s fails verification: %v", subject, ve.Err)
}

// certNames lists the names a certificate is valid for.
func certNames(c *x509.Certificate) string {
	if c == nil {
		return "no name"
	}
	var names []string
	names = append(names, c.DNSNames...)
	for _, ip := range c.IPAddresses {
		names = append(names, ip.String())
	}
	if len(names) == 0 && c.Subject.CommonName != "" {
		names = append(names, "CN "+c.Subject.CommonName+" only, which is not checked")
	}
	if len(names) == 0 {
		return "no name"
	}
	return strings.Join(names, ", ")
}

// tlsEstablished is the log line for a finished handshake.
func tlsEstablished(st tls.ConnectionState, insecure bool) string {
	txt := fmt.Sprintf("%s established (%s)", tls.VersionName(st.Version), tls.CipherSuiteName(st.CipherSuite))
	if len(st.PeerCertificates) > 0 {
		txt += ", certificate " + st.PeerCertificates[0].Subject.String()
	}
	if insecure {
		txt += " (not verified: insecure)"
	}
	return txt
}
