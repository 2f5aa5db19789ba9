package e2e

import (
	"archive/zip"
	"bytes"
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tend-practice/tend/internal/demo"
)

// The "must show", in a browser: forget the demo client's password,
// reset it from the email in the local outbox (no mail server is set up),
// sign in with the new one, and download the client's ZIP of their work.
func TestJourney_ForgotPasswordResetFromOutboxThenDownloadMyWork(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	if _, err := demo.Seed(context.Background(), s.App); err != nil {
		t.Fatalf("seed the demo practice: %v", err)
	}
	b := newBrowser(t, phone.Width, phone.Height)
	b.base = s.URL
	b.visit("/login")
	b.click("Forgot password?")
	b.waitPath("/login/forgot")
	b.fill("Email", "client@demo.test")
	b.click("Send me a link")
	b.see("If that email has an account, we sent a link")

	// No mail server here: the email waits in the outbox, which the
	// practice's administrator reads.
	admin := newBrowser(t, phone.Width, phone.Height)
	admin.base = s.URL
	admin.signIn("admin@demo.test", demo.Password)
	var token string
	for i := 0; i < 50 && token == ""; i++ {
		admin.visit("/admin/outbox")
		if m := regexp.MustCompile(`/reset/([A-Za-z0-9_-]+)`).FindStringSubmatch(admin.pageText()); m != nil {
			token = m[1]
		} else {
			time.Sleep(100 * time.Millisecond)
		}
	}
	if token == "" {
		t.Fatalf("no reset link in the outbox:\n%s", admin.pageText())
	}
	b.visit("/reset/" + token)
	if got := b.value("You will sign in as"); got != "client@demo.test" {
		t.Fatalf("reset page's username field: %q", got)
	}
	b.fill("New password", "a brand new passphrase")
	b.fill("Type it again", "a brand new passphrase")
	b.click("Set new password")
	b.see("Your new password is set")
	b.signIn("client@demo.test", "a brand new passphrase")
	b.waitPath("/me")
	// The account menu names who is signed in and holds Account.
	b.see("Signed in as Alex")
	evalIn[bool](b, `(() => { document.querySelector('details.account-menu').open = true; return true })()`)
	b.click("Account")
	b.waitPath("/account")
	b.visit("/me")
	d := b.downloadLink("Download my work (ZIP)")
	if d.ContentType != "application/zip" || !strings.Contains(d.Disposition, "records-") {
		t.Fatalf("download: %s %s", d.ContentType, d.Disposition)
	}
	zr, err := zip.NewReader(bytes.NewReader(d.Body), int64(len(d.Body)))
	if err != nil {
		t.Fatalf("not a ZIP: %v", err)
	}
	pdfs := 0
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, ".pdf") {
			pdfs++
		}
	}
	if pdfs == 0 {
		t.Fatalf("the ZIP holds no PDFs: %d files", len(zr.File))
	}
	if st := b.visit("/account"); st != http.StatusOK {
		t.Fatalf("/account: %d", st)
	}
}
