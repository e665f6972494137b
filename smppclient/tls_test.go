package smppclient

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/smppconsole/smppconsole/smsc"
)

// testPKI is a CA with a server certificate for 127.0.0.1 and a client certificate, all
// generated for the test and written as PEM files.
type testPKI struct {
	dir                           string
	caFile, clientCert, clientKey string
	server                        tls.Certificate
	expired                       tls.Certificate // for 127.0.0.1, expired an hour ago
	pool                          *x509.CertPool
}

func newTestPKI(t testing.TB) *testPKI {
	t.Helper()
	dir := t.TempDir()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "smppconsole test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	notAfter := time.Now().Add(time.Hour)
	issue := func(cn string, usage x509.ExtKeyUsage, ip bool) (certPEM, keyPEM []byte) {
		key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: cn},
			NotBefore: time.Now().Add(-2 * time.Hour), NotAfter: notAfter,
			KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{usage},
		}
		if ip {
			tmpl.IPAddresses = []net.IP{net.ParseIP("127.0.0.1")}
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
		if err != nil {
			t.Fatal(err)
		}
		kb, _ := x509.MarshalECPrivateKey(key)
		return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
			pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb})
	}
	p := &testPKI{dir: dir, pool: x509.NewCertPool()}
	p.pool.AddCert(ca)
	sc, sk := issue("127.0.0.1", x509.ExtKeyUsageServerAuth, true)
	p.server, err = tls.X509KeyPair(sc, sk)
	if err != nil {
		t.Fatal(err)
	}
	notAfter = time.Now().Add(-time.Hour)
	ec, ek := issue("127.0.0.1", x509.ExtKeyUsageServerAuth, true)
	if p.expired, err = tls.X509KeyPair(ec, ek); err != nil {
		t.Fatal(err)
	}
	notAfter = time.Now().Add(time.Hour)
	cc, ck := issue("esme", x509.ExtKeyUsageClientAuth, false)
	write := func(name string, b []byte) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	p.caFile = write("ca.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}))
	p.clientCert, p.clientKey = write("client.pem", cc), write("client.key", ck)
	return p
}

func TestTLS(t *testing.T) {
	pki := newTestPKI(t)
	srv := &tls.Config{Certificates: []tls.Certificate{pki.server}, ClientCAs: pki.pool,
		ClientAuth: tls.RequireAndVerifyClientCert, MinVersion: tls.VersionTLS12}
	f := newFakeOn(t, "127.0.0.1:0", srv)

	t.Run("verified with a CA file and a client certificate", func(t *testing.T) {
		cfg, err := TLSFiles{CAFile: pki.caFile, CertFile: pki.clientCert, KeyFile: pki.clientKey}.Config()
		if err != nil {
			t.Fatal(err)
		}
		s := testSettings(f.addr)
		s.TLS = cfg
		c, ev := startClient(t, s)
		ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
		sub, err := c.Submit(ctxT(t, 5*time.Second), msg("447700900123", "over TLS"))
		if err != nil {
			t.Fatal(err)
		}
		if outs, _ := sub.Wait(ctxT(t, 5*time.Second)); outs[0].Outcome != Accepted {
			t.Errorf("outcome %+v", outs[0])
		}
		if st := c.Stats(); !st.TLS || st.TLSInsecure {
			t.Errorf("stats TLS %v insecure %v", st.TLS, st.TLSInsecure)
		}
		e, _ := ev.waitFor(t, time.Second, "TLS established", func(e Event) bool {
			le, ok := e.(LinkEvent)
			return ok && strings.HasPrefix(le.Text, "TLS ")
		})
		if txt := e.(LinkEvent).Text; !strings.HasPrefix(txt, "TLS 1.3 established (TLS_") || !strings.HasSuffix(txt, "), certificate CN=127.0.0.1") {
			t.Errorf("link event %q", txt)
		}
		c.Close()
	})

	t.Run("unknown authority is a connect failure in words", func(t *testing.T) {
		cfg, _ := TLSFiles{CertFile: pki.clientCert, KeyFile: pki.clientKey}.Config()
		s := testSettings(f.addr)
		s.TLS, s.NoReconnect = cfg, true
		_, ev := startClient(t, s)
		e, _ := ev.waitFor(t, 5*time.Second, "disconnected", isState("trx", Disconnected))
		if r := e.(StateEvent).Reason; !strings.Contains(r, "TLS handshake") || !strings.Contains(r, "unknown authority") {
			t.Errorf("reason %q", r)
		}
	})

	t.Run("insecure skips verification and says so", func(t *testing.T) {
		cfg, _ := TLSFiles{CertFile: pki.clientCert, KeyFile: pki.clientKey, Insecure: true}.Config()
		s := testSettings(f.addr)
		s.TLS, s.TLSInsecure = cfg, true
		c, ev := startClient(t, s)
		ev.waitFor(t, 5*time.Second, "bound", isState("trx", Bound))
		if st := c.Stats(); !st.TLSInsecure {
			t.Error("insecure not reported")
		}
	})

	t.Run("handshake deadline", func(t *testing.T) {
		// A TCP listener that never speaks TLS.
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				defer c.Close()
			}
		}()
		s := testSettings(ln.Addr().String())
		s.TLS, s.NoReconnect, s.HandshakeTimeout = &tls.Config{RootCAs: pki.pool}, true, 150*time.Millisecond
		_, ev := startClient(t, s)
		e, _ := ev.waitFor(t, 5*time.Second, "disconnected", isState("trx", Disconnected))
		if r := e.(StateEvent).Reason; !strings.Contains(r, "TLS handshake timed out after 150ms: is the port plain TCP (no TLS)?") {
			t.Errorf("reason %q", r)
		}
	})

	t.Run("bad files are named", func(t *testing.T) {
		if _, err := (TLSFiles{CAFile: filepath.Join(pki.dir, "missing.pem")}).Config(); err == nil || !strings.Contains(err.Error(), "missing.pem") {
			t.Errorf("missing CA: %v", err)
		}
		if _, err := (TLSFiles{CAFile: pki.clientKey}).Config(); err == nil || !strings.Contains(err.Error(), "no PEM certificates") {
			t.Errorf("key as CA: %v", err)
		}
		if _, err := (TLSFiles{CertFile: pki.clientCert}).Config(); err == nil {
			t.Error("certificate without key accepted")
		}
	})
}

// TestTLSVerificationFailureStops: a certificate that fails verification is not retried
// (like a rejected password), and the reason names the certificate and what is wrong.
func TestTLSVerificationFailureStops(t *testing.T) {
	pki := newTestPKI(t)
	good := newFakeOn(t, "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{pki.server}})
	expired := newFakeOn(t, "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{pki.expired}})
	for _, tc := range []struct {
		name, addr string
		cfg        *tls.Config
		want       string
	}{
		{"unknown CA", good.addr, &tls.Config{}, "certificate CN=127.0.0.1 is signed by an unknown authority (issuer CN=smppconsole test CA)"},
		{"name mismatch", good.addr, &tls.Config{RootCAs: pki.pool, ServerName: "smsc.example"}, "certificate CN=127.0.0.1 does not match the name smsc.example (it is for 127.0.0.1)"},
		{"expired", expired.addr, &tls.Config{RootCAs: pki.pool}, "certificate CN=127.0.0.1 has expired (valid until "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := testSettings(tc.addr)
			s.TLS = tc.cfg
			c, ev := startClient(t, s)
			e, _ := ev.waitFor(t, 5*time.Second, "disconnected", isState("trx", Disconnected))
			se := e.(StateEvent)
			t.Log(se.Reason)
			if !strings.Contains(se.Reason, "TLS handshake: "+tc.want) || !strings.Contains(se.Reason, "not retrying a certificate that fails verification") || !se.Fault {
				t.Errorf("state %+v", se)
			}
			for _, s := range states(ev) {
				if s.State == BackingOff {
					t.Errorf("backed off after a certificate failure: %q", s.Reason)
				}
			}
			if _, err := c.Submit(ctxT(t, time.Second), msg("447700900123", "x")); !errors.Is(err, ErrNotBound) {
				t.Errorf("Submit: %v", err)
			}
		})
	}
}

// TestE2ETLSToAPlainPort: TLS against the simulator's plain TCP port. The simulator
// answers the ClientHello with a generic_nack, which the reason recognises.
func TestE2ETLSToAPlainPort(t *testing.T) {
	srv := startSim(t, smsc.Config{})
	s := simSettings(srv.Addr().String())
	s.TLS, s.NoReconnect = &tls.Config{}, true
	_, ev := startClient(t, s)
	e, _ := ev.waitFor(t, 5*time.Second, "disconnected", isState("trx", Disconnected))
	se := e.(StateEvent)
	t.Log(se.Reason)
	if !strings.Contains(se.Reason, "TLS handshake: the SMSC answered with what looks like an SMPP PDU") ||
		!strings.Contains(se.Reason, "is the port plain TCP (no TLS)?") || !se.Fault {
		t.Errorf("state %+v", se)
	}
}
