package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/client"
	"github.com/tend-practice/tend/internal/demo"
	"github.com/tend-practice/tend/internal/worksheet"
)

// Arranging state through the services, for journeys whose subject is a
// later step. Each helper fails the test on error, naming the step.

// The built-in items the journeys use.
const (
	moduleSlug     = "what-is-aftercare"
	moduleTitle    = "What is aftercare?"
	worksheetSlug  = "after-intimacy-reflection"
	worksheetTitle = "After intimacy: a short reflection"
)

// invitedClient adds a client to clin's roster and returns its id and the
// invite token (the path is "/invite/" + token).
func (s *site) invitedClient(clin auth.Actor, name, email string) (int64, string) {
	s.t.Helper()
	c, token, err := s.App.Clients.Create(context.Background(), clin, client.NewClient{DisplayName: name, Email: email})
	if err != nil {
		s.t.Fatalf("arrange: add client %s: %v", name, err)
	}
	return c.ID, token
}

// clientAccount adds a client to clin's roster and accepts the invite with
// testPassword, as the client would: email signs in.
func (s *site) clientAccount(clin auth.Actor, name, email string) auth.Actor {
	s.t.Helper()
	id, token := s.invitedClient(clin, name, email)
	uid, err := s.App.Clients.AcceptInvite(context.Background(), token, email, testPassword)
	if err != nil {
		s.t.Fatalf("arrange: accept %s's invite: %v", name, err)
	}
	return auth.Actor{UserID: uid, Role: auth.RoleClient, Email: email, DisplayName: name, ClientID: id}
}

// demoActor is the actor of a seeded demo account (internal/demo), as it
// signs in with demo.Password.
func (s *site) demoActor(email string) auth.Actor {
	s.t.Helper()
	ctx := context.Background()
	u, err := s.App.Accounts.Authenticate(ctx, email, demo.Password)
	if err != nil {
		s.t.Fatalf("arrange: %s: %v", email, err)
	}
	a, err := s.App.Accounts.Actor(ctx, u.ID)
	if err != nil {
		s.t.Fatalf("arrange: %s: %v", email, err)
	}
	return a
}

// assign gives the client one piece of work ("module" or "worksheet") and
// returns the assignment's id.
func (s *site) assign(clin auth.Actor, clientID int64, kind, slug, note string) int64 {
	s.t.Helper()
	ids, err := s.App.Assignments.Assign(context.Background(), clin, clientID,
		[]assignment.New{{Kind: kind, Slug: slug, Note: note}})
	if err != nil || len(ids) != 1 {
		s.t.Fatalf("arrange: assign %s %s: %v", kind, slug, err)
	}
	return ids[0]
}

var submitSeq atomic.Int64

// submit submits answers to a worksheet assignment as the client.
func (s *site) submit(who auth.Actor, id int64, answers worksheet.Answers) {
	s.t.Helper()
	key := fmt.Sprintf("e2e-%d-%d", id, submitSeq.Add(1))
	if _, err := s.App.Assignments.Submit(context.Background(), who, id, answers, 0, key); err != nil {
		s.t.Fatalf("arrange: submit assignment %d: %v", id, err)
	}
}

// reflection is a complete answer to after-intimacy-reflection.
func reflection(distress int, helped string) worksheet.Answers {
	return worksheet.Answers{
		"date": "2026-11-20", "mood_before": 5, "mood_after": 6, "closeness": 6, "distress": distress,
		"want_to_discuss": "no", "what_helped": helped,
		"what_was_missing": "A few more minutes before getting up.",
	}
}

// pdfText is the text of a PDF, by poppler's pdftotext. Without pdftotext
// the test is skipped (or fails under TEND_E2E=required).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		msg := "pdftotext not found (apt-get install -y poppler-utils): PDF text not checked"
		if required() {
			t.Fatal("TEND_E2E=required: " + msg)
		}
		t.Log(msg)
		return ""
	}
	in := filepath.Join(t.TempDir(), "handout.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", in, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return normSpace(string(out))
}

// checkPDF fails unless d is a PDF (by its bytes and its Content-Type)
// whose text contains every string in want. what names it in messages.
func checkPDF(t *testing.T, what string, d download, want ...string) {
	t.Helper()
	if !strings.HasPrefix(string(d.Body), "%PDF-") || !strings.HasPrefix(d.ContentType, "application/pdf") {
		t.Errorf("%s: got %q, %d bytes starting %q; want a PDF", what, d.ContentType, len(d.Body), excerpt(string(d.Body), 16))
		return
	}
	text := pdfText(t, d.Body)
	if text == "" {
		return
	}
	for _, w := range want {
		if !strings.Contains(text, normSpace(w)) {
			t.Errorf("%s: the PDF's text does not contain %q; it reads:\n%s", what, w, excerpt(text, 1200))
		}
	}
}
