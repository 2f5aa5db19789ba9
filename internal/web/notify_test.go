package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tend-practice/tend/internal/app"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/client"
	"github.com/tend-practice/tend/internal/notify"
)

type outbox struct {
	mu   sync.Mutex
	sent []notify.Message
}

func (o *outbox) Send(_ context.Context, m notify.Message) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sent = append(o.sent, m)
	return nil
}

func (o *outbox) waitFor(t *testing.T, n int) []notify.Message {
	t.Helper()
	for i := 0; i < 100; i++ {
		o.mu.Lock()
		if len(o.sent) >= n {
			out := append([]notify.Message(nil), o.sent...)
			o.mu.Unlock()
			return out
		}
		o.mu.Unlock()
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("expected %d notifications", n)
	return nil
}

func TestNotifications_DiscreetAndToTheRightPerson(t *testing.T) {
	t.Parallel()
	box := &outbox{}
	h := newHarnessOpts(t, app.Options{Sender: box})
	u := h.user(auth.RoleClinician, "clin@example.test")
	clin := auth.Actor{UserID: u.ID, Role: u.Role}
	ctx := context.Background()
	c, token, err := h.app.Clients.Create(ctx, clin, client.NewClient{DisplayName: "Robin", Email: "robin@example.test"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.app.Clients.AcceptInvite(ctx, token, "", testPassword); err != nil {
		t.Fatal(err)
	}
	b := h.signedIn("clin@example.test")
	b.post(fmt.Sprintf("/clinician/clients/%d/assignments", c.ID), url.Values{"kind": {"module"}, "slug": {"feeling-low-after-sex"}, "note": {"About your sex life"}})
	msgs := box.waitFor(t, 1)
	if msgs[0].To != "robin@example.test" {
		t.Fatalf("sent to %q", msgs[0].To)
	}
	all := strings.ToLower(msgs[0].Subject + msgs[0].Text)
	if strings.Contains(all, "sex") || strings.Contains(all, "feeling low") {
		t.Fatalf("notification leaks content: %q", all)
	}
}
