package web_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-smtp"

	"github.com/tend-practice/tend/internal/app"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/mail"
	"github.com/tend-practice/tend/internal/module"
	"github.com/tend-practice/tend/internal/safety"
	"github.com/tend-practice/tend/internal/worksheet"
)

// smtpSink is a real SMTP server, in process, that keeps what it receives.
type smtpSink struct {
	mu   sync.Mutex
	msgs []string // each: "To: <rcpt>\n" + the raw message
}

func (k *smtpSink) NewSession(*smtp.Conn) (smtp.Session, error) { return &sinkSession{k: k}, nil }

type sinkSession struct {
	k  *smtpSink
	to []string
}

func (s *sinkSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}
func (s *sinkSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.k.mu.Lock()
	defer s.k.mu.Unlock()
	s.k.msgs = append(s.k.msgs, "To: "+strings.Join(s.to, ",")+"\n"+string(b))
	return nil
}
func (s *sinkSession) Reset()        { s.to = nil }
func (s *sinkSession) Logout() error { return nil }

func (k *smtpSink) received() []string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]string(nil), k.msgs...)
}

func startSMTP(t *testing.T) (*smtpSink, string) {
	t.Helper()
	sink := &smtpSink{}
	srv := smtp.NewServer(sink)
	srv.Domain = "localhost"
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		if err := srv.Serve(l); err != nil && !errors.Is(err, smtp.ErrServerClosed) {
			t.Log("smtp server:", err)
		}
	}()
	t.Cleanup(func() { srv.Close() })
	return sink, l.Addr().String()
}

// safetySheet has one rule per severity. Its flag messages are marked so a
// test can see whether any reached a client.
func safetySheet() worksheet.Schema {
	ten, zero := 10, 0
	return worksheet.Schema{Slug: "safety-check", Title: "Safety check", Summary: "A check-in.", Sections: []worksheet.Section{{Fields: []worksheet.Field{
		{ID: "upset", Type: worksheet.Scale, Label: "How upset do I feel about it now?", Min: &zero, Max: &ten, MinLabel: "Not at all", MaxLabel: "Extremely"},
		{ID: "talk", Type: worksheet.YesNo, Label: "I'd like to talk about this in session"},
		{ID: "unsafe", Type: worksheet.YesNo, Label: "I don't feel safe"},
		{ID: "note", Type: worksheet.ShortText, Label: "Anything else"},
	}}}, FlagRules: []worksheet.FlagRule{
		{Field: "upset", Op: worksheet.OpGTE, Value: json.RawMessage("9"), Message: "TRIAGE-upset at 9 or more.", Severity: worksheet.SeverityUrgent},
		{Field: "talk", Op: worksheet.OpIsYes, Message: "TRIAGE-wants to talk.", Severity: worksheet.SeverityDiscuss},
		{Field: "unsafe", Op: worksheet.OpIsYes, Message: "TRIAGE-does not feel safe.", Severity: worksheet.SeverityUrgent},
		{Field: "upset", Op: worksheet.OpGTE, Value: json.RawMessage("7"), Message: "TRIAGE-upset at 7 or more.", Severity: worksheet.SeverityDiscuss},
	}}
}

type safetyPractice struct {
	*practice
	admin auth.Actor
	smtp  *smtpSink
}

func newSafetyPractice(t *testing.T) *safetyPractice {
	t.Helper()
	sink, addr := startSMTP(t)
	h := newHarnessOpts(t, app.Options{Sender: mail.SMTP{Addr: addr, From: "tend@example.test"}})
	p := &practice{harness: h}
	c1 := h.user(auth.RoleClinician, "clin1@example.test")
	c2 := h.user(auth.RoleClinician, "clin2@example.test")
	ad := h.user(auth.RoleAdmin, "admin@example.test")
	p.clin1 = auth.Actor{UserID: c1.ID, Role: c1.Role}
	p.clin2 = auth.Actor{UserID: c2.ID, Role: c2.Role}
	p.client1 = p.clientWithAccount(p.clin1, "Robin", "client1@example.test")
	p.client2 = p.clientWithAccount(p.clin2, "Sky", "client2@example.test")
	if _, err := h.app.Worksheets.Save(context.Background(), p.clin1, safetySheet()); err != nil {
		t.Fatal(err)
	}
	sp := &safetyPractice{practice: p, admin: auth.Actor{UserID: ad.ID, Role: ad.Role}, smtp: sink}
	h.app.Notifier.Wait() // the invitations' mail
	return sp
}

func (p *safetyPractice) saveSettings(t *testing.T) {
	t.Helper()
	err := p.app.Safety.Save(context.Background(), p.admin, safety.Settings{
		Contacts: []safety.Contact{
			{Name: "Example Crisis Line", Phone: "0000 111 222", Text: "85258", Web: "https://crisis.example.org", When: "If you are thinking about suicide"},
			{Name: "Example Emergency Number", Phone: "000", When: "If you are in danger now"},
		},
		PracticeContact: "Call reception on 0000 333 444", PracticeHours: "Mon-Fri 9-5",
		ReadingPromise: "Reflections are read within 2 working days. Tend is not watched in real time.",
	})
	if err != nil {
		t.Fatal(err)
	}
}

// submitSafety submits the safety sheet as the client, through the page.
func submitSafety(t *testing.T, b *browser, id int64, answers url.Values) string {
	t.Helper()
	path := fmt.Sprintf("/me/assignments/%d", id)
	v, key := formState(t, b.get(path).Body)
	answers.Set("version", v)
	answers.Set("submission_key", key)
	answers.Set("action", "submit")
	if res := b.post(path, answers); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d %s", res.StatusCode, res.Body)
	}
	return b.get(path).Body
}

func section(t *testing.T, body, fromID, toID string) string {
	t.Helper()
	i, j := strings.Index(body, `id="`+fromID+`"`), strings.Index(body, `id="`+toID+`"`)
	if i < 0 || j < i {
		t.Fatalf("page lacks section %s before %s", fromID, toID)
	}
	return body[i:j]
}

func TestSafety_UrgentLoop(t *testing.T) {
	t.Parallel()
	p := newSafetyPractice(t)
	p.saveSettings(t)
	urgent := p.assign(p.clin1, p.client1, "worksheet", "safety-check")
	discuss := p.assign(p.clin1, p.client1, "worksheet", "safety-check")
	cl := p.signedIn("client1@example.test")
	clin := p.signedIn("clin1@example.test")

	// Before submitting, the questions that can raise an urgent flag carry
	// the crisis contacts in their help; the others do not.
	form := cl.get(fmt.Sprintf("/me/assignments/%d", urgent)).Body
	if n := strings.Count(form, `class="support-hint"`); n != 2 {
		t.Errorf("%d questions show the crisis contacts in their help, want 2 (upset, unsafe)", n)
	}

	// An urgent answer: the confirmation shows the support panel, never the flag.
	page := submitSafety(t, cl, urgent, url.Values{"upset": {"9"}, "talk": {"yes"}, "note": {"SECRET-ANSWER-TEXT"}})
	for _, want := range []string{"If you need help now", "Example Crisis Line", `href="tel:0000111222"`, `href="sms:85258"`,
		"Call reception on 0000 333 444", "Tend is not watched in real time."} {
		if !strings.Contains(page, want) {
			t.Errorf("confirmation after an urgent answer lacks %q", want)
		}
	}
	for _, never := range []string{"TRIAGE-", "Urgent", "flagged"} {
		if strings.Contains(page, never) {
			t.Errorf("client's confirmation shows %q", never)
		}
	}
	// A discuss-only answer: no panel.
	page = submitSafety(t, cl, discuss, url.Values{"upset": {"8"}, "talk": {"yes"}})
	if strings.Contains(page, "If you need help now") || strings.Contains(page, "TRIAGE-") {
		t.Error("confirmation after a discuss-only answer shows the support panel or a flag")
	}

	// Dashboard: Urgent first with item, value and reason; Discuss separate.
	dash := clin.get("/clinician").Body
	if strings.Index(dash, `id="urgent-h"`) > strings.Index(dash, `id="flagged-h"`) {
		t.Error("Urgent is not the first section")
	}
	urgentSec := section(t, dash, "urgent-h", "flagged-h")
	discussSec := section(t, dash, "flagged-h", "new-h")
	for _, want := range []string{fmt.Sprintf("/clinician/assignments/%d", urgent), "Robin", "How upset do I feel about it now?",
		"9/10", "TRIAGE-upset at 9 or more.", "I&#39;d like to talk about this in session", "just now"} {
		if !strings.Contains(urgentSec, want) {
			t.Errorf("Urgent card lacks %q:\n%s", want, urgentSec)
		}
	}
	if n := strings.Count(urgentSec, "9/10"); n != 1 {
		t.Errorf("the Urgent card shows the answer 9/10 %d times (two rules on one question), want once", n)
	}
	if !strings.Contains(urgentSec, "TRIAGE-upset at 7 or more.") {
		t.Error("the Urgent card lacks the second rule on the same question")
	}
	if strings.Contains(urgentSec, fmt.Sprintf("/clinician/assignments/%d\"", discuss)) {
		t.Error("the discuss-only submission is under Urgent")
	}
	if !strings.Contains(discussSec, fmt.Sprintf("/clinician/assignments/%d\"", discuss)) || !strings.Contains(discussSec, "TRIAGE-wants to talk.") {
		t.Errorf("Discuss lacks the discuss-only submission:\n%s", discussSec)
	}
	if strings.Contains(discussSec, fmt.Sprintf("/clinician/assignments/%d\"", urgent)) {
		t.Error("the urgent submission is also under Discuss")
	}

	// Mail: one discreet urgent message, sent once, even when the form is resent.
	p.app.Notifier.Wait()
	var urgentMail []string
	for _, m := range p.smtp.received() {
		if strings.Contains(m, "Something in Tend needs your attention soon") {
			urgentMail = append(urgentMail, m)
		}
	}
	if len(urgentMail) != 1 {
		t.Fatalf("%d urgent emails, want 1:\n%q", len(urgentMail), p.smtp.received())
	}
	for _, never := range []string{"Robin", "SECRET-ANSWER-TEXT", "upset", "9/10", "TRIAGE", "Safety check"} {
		if strings.Contains(urgentMail[0], never) {
			t.Errorf("urgent email contains %q:\n%s", never, urgentMail[0])
		}
	}
	if !strings.Contains(urgentMail[0], "To: clin1@example.test") {
		t.Errorf("urgent email not to the clinician:\n%s", urgentMail[0])
	}

	// The reflection page lists the flags and offers Acknowledge.
	path := fmt.Sprintf("/clinician/assignments/%d", urgent)
	refl := clin.get(path).Body
	if !strings.Contains(refl, "TRIAGE-upset at 9 or more.") || !strings.Contains(refl, "9/10") || !strings.Contains(refl, "/acknowledge") {
		t.Fatal("reflection page lacks the flag, its value or the Acknowledge action")
	}
	// Another clinician cannot acknowledge it.
	if res := p.signedIn("clin2@example.test").post(path+"/acknowledge", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("another clinician's acknowledge: %d, want 404", res.StatusCode)
	}
	if res := clin.post(path+"/acknowledge", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("acknowledge: %d", res.StatusCode)
	}
	dash = clin.get("/clinician").Body
	if strings.Contains(section(t, dash, "urgent-h", "flagged-h"), fmt.Sprintf("/clinician/assignments/%d\"", urgent)) {
		t.Error("an acknowledged flag is still under Urgent")
	}
	if refl = clin.get(path).Body; !strings.Contains(refl, "acknowledged by clin1@example.test") || strings.Contains(refl, "/acknowledge\"") {
		t.Error("reflection page does not say who acknowledged, or still offers Acknowledge")
	}
	var events []struct {
		ActorID  int64
		ObjectID int64
	}
	p.app.DB.Gorm.Raw(`SELECT actor_id, object_id FROM audit_events WHERE action = 'flag_acknowledged'`).Scan(&events)
	if len(events) != 1 || events[0].ActorID != p.clin1.UserID || events[0].ObjectID != urgent {
		t.Errorf("acknowledgement audit events = %+v", events)
	}

	// API: flags with severity, reason and value for staff; none for the client.
	var d struct {
		Response struct {
			Raised []struct {
				FieldID, Severity, Reason, Value string
				AcknowledgedAt                   *string `json:"acknowledged_at"`
			} `json:"raised_flags"`
		} `json:"response"`
	}
	if err := json.Unmarshal([]byte(clin.get(fmt.Sprintf("/api/v1/assignments/%d", urgent)).Body), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Response.Raised) != 3 || d.Response.Raised[0].Severity != "urgent" || d.Response.Raised[0].Value != "9/10" ||
		d.Response.Raised[0].Reason != "TRIAGE-upset at 9 or more." || d.Response.Raised[0].AcknowledgedAt == nil {
		t.Errorf("staff API flags = %+v", d.Response.Raised)
	}
	mine := cl.get(fmt.Sprintf("/api/v1/me/assignments/%d", urgent)).Body
	if strings.Contains(mine, "TRIAGE-") || strings.Contains(mine, "raised_flags") || strings.Contains(mine, `"severity"`) {
		t.Errorf("client API shows flags: %s", mine)
	}
	if !strings.Contains(mine, `"support":true`) || !strings.Contains(cl.get(fmt.Sprintf("/api/v1/me/assignments/%d", discuss)).Body, `"support":false`) {
		t.Error("client API does not say when to show the crisis contacts")
	}
	var st safety.Settings
	if err := json.Unmarshal([]byte(cl.get("/api/v1/practice/safety").Body), &st); err != nil || len(st.Contacts) != 2 || st.Placeholder {
		t.Errorf("client reads the safety settings: %+v %v", st, err)
	}
}

func TestSafetySettings_PlaceholdersAdminOnlyAudited(t *testing.T) {
	t.Parallel()
	p := newSafetyPractice(t)
	admin := p.signedIn("admin@example.test")
	var st safety.Settings
	json.Unmarshal([]byte(p.signedIn("client1@example.test").get("/api/v1/practice/safety").Body), &st)
	if !st.Placeholder || len(st.Contacts) == 0 || !strings.Contains(st.Contacts[0].Name, "not set yet") {
		t.Errorf("fresh install settings = %+v, want labelled placeholders", st)
	}
	if res := p.signedIn("clin1@example.test").post("/admin/safety", url.Values{"contact_1_name": {"X"}, "contact_1_phone": {"1"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("clinician saves safety settings: %d, want 403", res.StatusCode)
	}
	bad := url.Values{"contact_1_name": {"Line"}, "contact_1_web": {"javascript:alert(1)"}, "reading_promise": {"Read weekly."}}
	res := admin.post("/admin/safety", bad)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "full web address") || !strings.Contains(res.Body, `value="Line"`) {
		t.Errorf("bad web address: %d", res.StatusCode)
	}
	good := url.Values{"contact_1_name": {"Line"}, "contact_1_phone": {"+44 0000"}, "contact_3_name": {"Web only"}, "contact_3_web": {"https://help.example"},
		"practice_contact": {"Front desk"}, "reading_promise": {"Read weekly."}}
	if res := admin.post("/admin/safety", good); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.StatusCode, res.Body)
	}
	got, _ := p.app.Safety.Get(context.Background())
	if got.Placeholder || len(got.Contacts) != 2 || got.Contacts[1].Web != "https://help.example" || got.ReadingPromise != "Read weekly." {
		t.Errorf("saved settings = %+v", got)
	}
	var n int64
	p.app.DB.Gorm.Table("audit_events").Where("action = 'safety_settings_changed' AND actor_id = ?", p.admin.UserID).Count(&n)
	if n != 1 {
		t.Errorf("%d audit events for the change, want 1", n)
	}
}

func TestHandouts_EndWithIfYouNeedHelpNow(t *testing.T) {
	t.Parallel()
	p := newSafetyPractice(t)
	p.saveSettings(t)
	clin := p.signedIn("clin1@example.test")
	for _, slug := range []string{"aftercare-trauma-and-sensory-needs", "feeling-low-after-sex"} {
		res := clin.get("/handouts/modules/" + slug + ".pdf")
		text := pdfText(t, []byte(res.Body))
		i := strings.LastIndex(text, "If you need help now")
		refs := strings.LastIndex(text, "References")
		if i < 0 || i < refs {
			t.Errorf("%s: no \"If you need help now\" block after the references", slug)
			continue
		}
		end := text[i:]
		for _, want := range []string{"Example Crisis Line", "Call 0000 111 222", "Text 85258", "https://crisis.example.org",
			"Example Emergency Number", "Your practice: Call reception on 0000 333 444 (Mon-Fri 9-5)", "Tend is not watched in real time."} {
			if !strings.Contains(end, want) {
				t.Errorf("%s: help block lacks %q:\n%s", slug, want, end)
			}
		}
		// The page ends the same way.
		if page := clin.get("/library/modules/" + slug).Body; !strings.Contains(page, "If you need help now") || !strings.Contains(page, "Example Crisis Line") {
			t.Errorf("%s: module page lacks the help block", slug)
		}
	}
	// A module without a content note has no panel on the page.
	if _, err := p.app.Modules.Create(context.Background(), p.clin1, module.Definition{Slug: "plain-module", Title: "Plain module",
		Summary: "No content note.", Topics: []string{"basics"}, Body: "## Hello\n\nA calm page."}, nil); err != nil {
		t.Fatal(err)
	}
	if page := clin.get("/library/modules/plain-module").Body; !strings.Contains(page, "A calm page.") || strings.Contains(page, "If you need help now") {
		t.Error("module without a content note shows the help block on its page")
	}

	// A blank worksheet ends with them too.
	if blank := pdfText(t, []byte(clin.get("/handouts/worksheets/safety-check.pdf").Body)); !strings.Contains(blank, "If you need help now") || strings.Contains(blank, "TRIAGE-") {
		t.Error("blank worksheet lacks the help block, or prints a flag rule")
	}

	// A client's printout of their urgent submission: contacts at the end, no flag.
	id := p.assign(p.clin1, p.client1, "worksheet", "safety-check")
	cl := p.signedIn("client1@example.test")
	submitSafety(t, cl, id, url.Values{"upset": {"10"}, "unsafe": {"yes"}})
	text := pdfText(t, []byte(cl.get(fmt.Sprintf("/handouts/assignments/%d.pdf", id)).Body))
	if !strings.Contains(text, "If you need help now") || !strings.Contains(text, "Example Crisis Line") {
		t.Errorf("client printout lacks the help block:\n%s", text)
	}
	if strings.Contains(text, "TRIAGE-") || strings.Contains(strings.ToUpper(text), "FLAGGED") || strings.Contains(text, "Urgent") {
		t.Errorf("client printout names a flag:\n%s", text)
	}
	clinText := pdfText(t, []byte(clin.get(fmt.Sprintf("/handouts/assignments/%d.pdf", id)).Body))
	if !strings.Contains(clinText, "TRIAGE-upset at 9 or more.") || !strings.Contains(clinText, "FLAGGED") {
		t.Errorf("clinician printout lost its flags:\n%s", clinText)
	}
}

func TestWorksheetBuilder_SetsFlagSeverity(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	clin := p.signedIn("clin1@example.test")
	form := builderForm("save")
	if page := clin.post("/library/worksheets", builderForm("add-rule")).Body; !strings.Contains(page, "How soon should you see it?") || !strings.Contains(page, `<option value="" selected>Discuss in our next session`) {
		t.Fatal("builder lacks the severity choice, or does not default to discuss")
	}
	form.Set("flag1_severity", "urgent")
	form.Set("flag2_field", "tension")
	form.Set("flag2_op", "gte")
	form.Set("flag2_value", "5")
	form.Set("flag2_message", "Some tension")
	form.Set("flag2_severity", "note")
	if res := clin.post("/library/worksheets", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.StatusCode, res.Body)
	}
	v, err := p.app.Worksheets.Get(context.Background(), p.clin1, "evening-check-in")
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Schema.FlagRules) != 2 || v.Schema.FlagRules[0].Severity != "urgent" || v.Schema.FlagRules[1].Severity != "note" {
		t.Fatalf("stored rules = %+v", v.Schema.FlagRules)
	}
	edit := clin.get("/library/worksheets/evening-check-in/edit").Body
	if !strings.Contains(edit, `<option value="urgent" selected>`) || !strings.Contains(edit, `<option value="note" selected>`) {
		t.Error("the edit form does not show the stored severities")
	}
	form.Set("flag1_severity", "panic")
	if res := clin.post("/library/worksheets/evening-check-in", form); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("unknown severity: %d, want 422", res.StatusCode)
	}
}

// Without a mail server, mail lands in the outbox, which only an admin reads.
func TestOutbox_KeepsMailWithoutSMTP_AdminOnly(t *testing.T) {
	t.Parallel()
	p := newPractice(t) // no SMTP server, no test sender: the outbox
	p.user(auth.RoleAdmin, "admin@example.test")
	p.assign(p.clin1, p.client1, "module", "what-is-aftercare")
	page := p.signedIn("admin@example.test").get("/admin/outbox")
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, "Something new from your clinician") || !strings.Contains(page.Body, "client1@example.test") {
		t.Fatalf("outbox page: %d\n%s", page.StatusCode, page.Body)
	}
	if strings.Contains(page.Body, "What is aftercare") {
		t.Error("the kept mail names the module")
	}
	for _, who := range []string{"clin1@example.test", "client1@example.test"} {
		if res := p.signedIn(who).get("/admin/outbox"); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s reads the outbox: %d", who, res.StatusCode)
		}
	}
}

// A reset link kept in the outbox would let an admin sign in as a client,
// which no role allows: outside local runs the outbox hides one-time links.
func TestOutbox_HidesOneTimeLinksOutsideLocalRuns(t *testing.T) {
	t.Parallel()
	p := newPractice(t) // no SMTP server: the outbox
	p.user(auth.RoleAdmin, "admin@example.test")
	p.browser().post("/login/forgot", url.Values{"email": {"client1@example.test"}})
	admin := p.signedIn("admin@example.test")
	if page := admin.get("/admin/outbox"); !strings.Contains(page.Body, "/reset/") {
		t.Fatalf("a local run's outbox should show the reset link:\n%s", page.Body)
	}
	p.app.Server.OutboxLinks = false // as in production
	page := admin.get("/admin/outbox")
	if page.StatusCode != http.StatusOK || strings.Contains(page.Body, "/reset/") || !strings.Contains(page.Body, "[one-time link hidden]") {
		t.Fatalf("the outbox shows a reset link outside local runs: %d\n%s", page.StatusCode, page.Body)
	}
}
