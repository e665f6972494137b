package smppclient

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// testPKI is a CA with a server certificate for 127.0.0.1 and a client certificate, all
// generated for the test and written as PEM files.
type testPKI struct {
	dir                           string
	caFile, clientCert, clientKey string
	server                        tls.Certificate
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
	issue := func(cn string, usage x509.ExtKeyUsage, ip bool) (certPEM, keyPEM []byte) {
		key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: cn},
			NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
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
		if r := e.(StateEvent).Reason; !strings.Contains(r, "TLS handshake: no answer within 150ms") {
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
