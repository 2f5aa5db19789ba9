package mail_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/tend-practice/tend/internal/database/dbtest"
	"github.com/tend-practice/tend/internal/mail"
)

type received struct {
	from, to, data string
	tls            bool
}

type sink struct {
	mu  sync.Mutex
	got []received
}

func (k *sink) NewSession(c *smtp.Conn) (smtp.Session, error) { return &session{k: k, c: c}, nil }

type session struct {
	k        *sink
	c        *smtp.Conn
	from, to string
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error { s.from = from; return nil }
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error   { s.to = to; return nil }
func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	_, isTLS := s.c.TLSConnectionState()
	s.k.mu.Lock()
	defer s.k.mu.Unlock()
	s.k.got = append(s.k.got, received{from: s.from, to: s.to, data: string(b), tls: isTLS})
	return nil
}
func (s *session) Reset()        {}
func (s *session) Logout() error { return nil }

// serve starts a real SMTP server on 127.0.0.1; with tlsConf it offers STARTTLS.
func serve(t *testing.T, tlsConf *tls.Config) (*sink, string) {
	t.Helper()
	k := &sink{}
	srv := smtp.NewServer(k)
	srv.Domain = "localhost"
	srv.TLSConfig = tlsConf
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		if err := srv.Serve(l); err != nil && !errors.Is(err, smtp.ErrServerClosed) {
			t.Log(err)
		}
	}()
	t.Cleanup(func() { srv.Close() })
	return k, l.Addr().String()
}

// selfSigned returns a server certificate for 127.0.0.1 and a client
// config that trusts it.
func selfSigned(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}},
		&tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}
}

func TestSMTP_Delivers(t *testing.T) {
	k, addr := serve(t, nil)
	m := mail.Message{To: "sam@example.test", Subject: "Something in Tend needs your attention soon", Text: "Hello,\nSign in."}
	if err := (mail.SMTP{Addr: addr, From: "tend@example.test"}).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if len(k.got) != 1 || k.got[0].to != "sam@example.test" || k.got[0].from != "tend@example.test" ||
		!strings.Contains(k.got[0].data, "Subject: Something in Tend needs your attention soon") || !strings.Contains(k.got[0].data, "Sign in.") {
		t.Fatalf("received %+v", k.got)
	}
}

func TestSMTP_UsesTLSWhenOffered(t *testing.T) {
	server, client := selfSigned(t)
	k, addr := serve(t, server)
	s := mail.SMTP{Addr: addr, From: "tend@example.test", TLS: client}
	if err := s.Send(context.Background(), mail.Message{To: "sam@example.test", Subject: "s", Text: "t"}); err != nil {
		t.Fatal(err)
	}
	if len(k.got) != 1 || !k.got[0].tls {
		t.Fatalf("received %+v, want one message over TLS", k.got)
	}
}

func TestSMTP_UnreachableServerIsAnError(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	s := mail.SMTP{Addr: addr, From: "tend@example.test", Timeout: 2 * time.Second}
	if err := s.Send(context.Background(), mail.Message{To: "sam@example.test", Subject: "s", Text: "t"}); err == nil {
		t.Fatal("sending to a closed port succeeded")
	}
}

func TestOutbox_KeepsAndListsNewestFirst(t *testing.T) {
	db := dbtest.New(t)
	o := mail.NewOutbox(db.Gorm)
	ctx := context.Background()
	for _, subj := range []string{"first", "second"} {
		if err := o.Send(ctx, mail.Message{To: "sam@example.test", Subject: subj, Text: "body " + subj}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := o.List(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Subject != "second" || got[1].Body != "body first" || got[0].Recipient != "sam@example.test" {
		t.Fatalf("outbox = %+v", got)
	}
}
