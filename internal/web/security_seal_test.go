package web_test

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/tend-practice/tend/internal/app"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/config"
	"github.com/tend-practice/tend/internal/database/dbtest"
	"github.com/tend-practice/tend/internal/seal"
)

// canaries are texts a client and a clinician type into every place where
// reflection text goes: a submission, a draft, comments both ways, a
// private note, and a form typed while the session had expired.
type canaries struct {
	Submitted, Draft, Comment, Reply, Private, Stashed string
}

func (c canaries) all() map[string]string {
	return map[string]string{"submitted answer": c.Submitted, "draft answer": c.Draft, "clinician comment": c.Comment,
		"client reply": c.Reply, "private note": c.Private, "form typed after expiry": c.Stashed}
}

// populateCanaries fills p with canaries through the real pages and returns
// them with the ids used. It ends with the client's session expired and a
// stashed form waiting in a new anonymous session.
func populateCanaries(t *testing.T, p *practice) (canaries, int64, int64) {
	t.Helper()
	c := canaries{Submitted: "zebra-submitted-7731 we held each other", Draft: "zebra-draft-7732 not ready to share",
		Comment: "zebra-comment-7733 thank you", Reply: "zebra-reply-7734 it helped", Private: "zebra-private-7735 explore shame",
		Stashed: "zebra-stashed-7736 typed while signed out"}
	submitted := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	draft := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	cl := p.signedIn("client1@example.test")
	clin := p.signedIn("clin1@example.test")

	path := fmt.Sprintf("/me/assignments/%d", submitted)
	v, key := formState(t, cl.get(path).Body)
	form := reflectionForm("8")
	form.Set("what_helped", c.Submitted)
	form.Set("version", v)
	form.Set("submission_key", key)
	form.Set("action", "submit")
	if res := cl.post(path, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d %s", res.StatusCode, res.Body)
	}
	dpath := fmt.Sprintf("/me/assignments/%d", draft)
	v, _ = formState(t, cl.get(dpath).Body)
	if res := cl.post(dpath, url.Values{"what_was_missing": {c.Draft}, "version": {v}, "action": {"save"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save draft: %d", res.StatusCode)
	}
	cpath := fmt.Sprintf("/clinician/assignments/%d/comments", submitted)
	for _, f := range []url.Values{{"body": {c.Comment}}, {"body": {c.Private}, "private": {"true"}}, {"body": {c.Comment + " on one answer"}, "field_id": {"what_helped"}}} {
		if res := clin.post(cpath, f); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("comment: %d", res.StatusCode)
		}
	}
	if res := cl.post(path+"/comments", url.Values{"body": {c.Reply}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reply: %d", res.StatusCode)
	}
	// Everything is there for the people it belongs to.
	if page := clin.get(fmt.Sprintf("/clinician/assignments/%d", submitted)).Body; !strings.Contains(page, c.Submitted) ||
		!strings.Contains(page, c.Private) || !strings.Contains(page, c.Reply) {
		t.Fatal("the clinician does not see the submission, the note or the reply")
	}
	if page := cl.get(dpath).Body; !strings.Contains(page, c.Draft) {
		t.Fatal("the client does not see their draft")
	}
	// The session expires while the client types on the draft.
	if _, err := p.app.DB.Pool.Exec(context.Background(), `DELETE FROM sessions`); err != nil {
		t.Fatal(err)
	}
	if res := cl.post(dpath, url.Values{"difficult_feelings": {c.Stashed}, "version": {v}, "action": {"save"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("post after expiry: %d", res.StatusCode)
	}
	return c, submitted, draft
}

// databaseURL is the URL of the harness's own test database.
func (h *harness) databaseURL() string {
	h.t.Helper()
	var name string
	if err := h.app.DB.Pool.QueryRow(context.Background(), `SELECT current_database()`).Scan(&name); err != nil {
		h.t.Fatal(err)
	}
	return dbtest.URL(name)
}

// pgDump runs the pg_dump CLI against the harness's database, as an
// operator taking a backup would.
func (h *harness) pgDump(args ...string) []byte {
	h.t.Helper()
	if _, err := exec.LookPath("pg_dump"); err != nil {
		h.t.Skip("pg_dump not installed (apt-get install postgresql-client)")
	}
	out, err := exec.Command("pg_dump", append(append([]string{"--no-owner"}, args...), h.databaseURL())...).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			h.t.Fatalf("pg_dump: %v\n%s", err, ee.Stderr)
		}
		h.t.Fatalf("pg_dump: %v", err)
	}
	return out
}

func assertNoCanary(t *testing.T, what string, dump []byte, c canaries) {
	t.Helper()
	lower := strings.ToLower(string(dump))
	for name, text := range c.all() {
		// A token of each canary, as text and as bytea hex (how pg_dump
		// writes a BYTEA column that would hold it in the clear).
		token := strings.Fields(text)[0]
		if strings.Contains(lower, strings.ToLower(token)) || strings.Contains(lower, hex.EncodeToString([]byte(token))) {
			t.Errorf("%s contains the %s (%q)", what, name, token)
		}
	}
}

func TestSealed_PgDumpOfAPopulatedPractice_HoldsNoReflectionText(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	c, _, _ := populateCanaries(t, p)
	// The form typed after expiry was kept (sealed) in the new session.
	var stashes int64
	p.app.DB.Gorm.Raw(`SELECT count(*) FROM sessions`).Scan(&stashes)
	if stashes == 0 {
		t.Fatal("no session holds the form typed after expiry; the test would prove nothing about it")
	}
	dump := p.pgDump()
	if !strings.Contains(string(dump), "Robin") || !strings.Contains(string(dump), "COPY public.responses") {
		t.Fatal("the dump lacks data it should have (the client's name, the responses table)")
	}
	assertNoCanary(t, "pg_dump", dump, c)
	// The custom format an operator is told to use compresses: check its
	// uncompressed twin too.
	custom := p.pgDump("--format=custom", "--compress=0")
	assertNoCanary(t, "pg_dump --format=custom --compress=0", custom, c)

	// A clinician's authenticator secret (finding 5): with it and a
	// password, a dump would sign anyone in as that clinician.
	secret := enrolNow(t, p.signedIn("clin2@example.test"))
	for what, d := range map[string][]byte{"pg_dump": p.pgDump(), "pg_dump --format=custom --compress=0": p.pgDump("--format=custom", "--compress=0")} {
		lower := strings.ToLower(string(d))
		if strings.Contains(lower, strings.ToLower(secret)) || strings.Contains(lower, hex.EncodeToString([]byte(secret))) {
			t.Errorf("%s contains the TOTP secret", what)
		}
	}
}

// enrolNow sets up two-step sign-in for a signed-in browser through the
// pages, with codes for the real clock, and returns the secret shown.
func enrolNow(t *testing.T, b *browser) string {
	t.Helper()
	page := b.get("/account/mfa")
	m := secretRe.FindStringSubmatch(page.Body)
	if page.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("enrol page: %d, no secret shown", page.StatusCode)
	}
	code, err := totp.GenerateCode(m[1], time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if res := b.post("/account/mfa", url.Values{"code": {code}}); res.StatusCode != http.StatusOK {
		t.Fatalf("confirm enrolment: %d", res.StatusCode)
	}
	return m[1]
}

func TestSealed_CiphertextCopiedToAnotherRow_FailsToOpen(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	ctx := context.Background()
	a1 := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	a2 := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	ans := func(text string) map[string]any {
		return map[string]any{"date": "2026-11-20", "mood_before": 5, "mood_after": 6, "distress": 1, "what_helped": text}
	}
	if _, err := p.app.Assignments.Submit(ctx, p.client1, a1, ans("first reflection"), 0, "key-a1"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.app.Assignments.Submit(ctx, p.client1, a2, ans("second reflection"), 0, "key-a2"); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{a1, a2} {
		if err := p.app.Assignments.AddComment(ctx, p.clin1, id, "", fmt.Sprint("comment on ", id), false); err != nil {
			t.Fatal(err)
		}
	}
	// Someone with write access to the database moves a1's sealed answers
	// and comment onto a2's rows.
	db := p.app.DB.Gorm
	if err := db.Exec(`UPDATE responses SET answers_sealed = (SELECT answers_sealed FROM responses WHERE assignment_id = ?) WHERE assignment_id = ?`, a1, a2).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(`UPDATE comments SET body_sealed = (SELECT body_sealed FROM comments WHERE assignment_id = ?) WHERE assignment_id = ?`, a1, a2).Error; err != nil {
		t.Fatal(err)
	}
	as2, err := p.app.Assignments.Get(ctx, p.client1, a2)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.app.Assignments.Response(ctx, p.client1, as2); !errors.Is(err, seal.ErrOpen) {
		t.Fatalf("moved answers: %v, want seal.ErrOpen", err)
	}
	if _, err := p.app.Assignments.Comments(ctx, p.clin1, as2); !errors.Is(err, seal.ErrOpen) {
		t.Fatalf("moved comment: %v, want seal.ErrOpen", err)
	}
	// The pages fail closed: an error page, never the other row's text.
	res := p.signedIn("clin1@example.test").get(fmt.Sprintf("/clinician/assignments/%d", a2))
	if res.StatusCode != http.StatusInternalServerError || strings.Contains(res.Body, "first reflection") || strings.Contains(res.Body, "comment on") {
		t.Fatalf("page over a moved ciphertext: %d", res.StatusCode)
	}
	// a1 itself is untouched.
	as1, _ := p.app.Assignments.Get(ctx, p.client1, a1)
	if r, err := p.app.Assignments.Response(ctx, p.client1, as1); err != nil || r.Answers.Text("what_helped") != "first reflection" {
		t.Fatalf("the source row: %v %v", r.Answers, err)
	}
}

// sealCfg is the harness's configuration with chosen keys.
func sealCfg(sessionKey byte, dataKeys string) config.Config {
	key := make([]byte, 32)
	for i := range key {
		key[i] = sessionKey
	}
	return config.Config{Env: config.EnvLocal, PracticeName: "Test Practice", BaseURL: "http://127.0.0.1",
		SessionKey: base64.StdEncoding.EncodeToString(key), DataKeys: dataKeys, Paper: "A4", DBMaxConns: 8}
}

func dataKey(id int, fill byte) string {
	b := make([]byte, 32)
	for i := range b {
		b[i] = fill
	}
	return fmt.Sprintf("%d:%s", id, base64.StdEncoding.EncodeToString(b))
}

// keyIDs counts stored values per key id.
func (h *harness) keyIDs() map[int]int {
	h.t.Helper()
	var rows []struct{ ID, N int }
	err := h.app.DB.Gorm.Raw(`SELECT get_byte(v, 1) AS id, count(*) AS n FROM (
		SELECT answers_sealed AS v FROM responses UNION ALL SELECT body_sealed FROM comments) s
		WHERE v IS NOT NULL GROUP BY 1`).Scan(&rows).Error
	if err != nil {
		h.t.Fatal(err)
	}
	out := map[int]int{}
	for _, r := range rows {
		out[r.ID] = r.N
	}
	return out
}

func TestSealed_RotateKeys_OldKeysOpen_ThenCanBeDropped(t *testing.T) {
	t.Parallel()
	p := newPractice(t) // the harness seals with the session key (id 0)
	ctx := context.Background()
	id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	if _, err := p.app.Assignments.Save(ctx, p.client1, id, map[string]any{"what_helped": "sealed under the session key"}, 0); err != nil {
		t.Fatal(err)
	}
	if err := p.app.Assignments.AddComment(ctx, p.clin1, id, "", "a comment under the session key", false); err != nil {
		t.Fatal(err)
	}
	if got := p.keyIDs(); got[0] != 2 || len(got) != 1 {
		t.Fatalf("values per key before rotation: %v", got)
	}
	log := slog.New(slog.NewTextHandler(p.log, nil))
	open := func(dataKeys string) (*app.App, error) {
		return app.New(ctx, sealCfg(0, dataKeys), p.app.DB, log, app.Options{})
	}
	read := func(a *app.App) (string, string) {
		t.Helper()
		as, err := a.Assignments.Get(ctx, p.client1, id)
		if err != nil {
			t.Fatal(err)
		}
		r, err := a.Assignments.Response(ctx, p.client1, as)
		if err != nil {
			t.Fatalf("read answers: %v", err)
		}
		cs, err := a.Assignments.Comments(ctx, p.client1, as)
		if err != nil || len(cs) != 1 {
			t.Fatalf("read comments: %v %v", cs, err)
		}
		return r.Answers.Text("what_helped"), cs[0].Body
	}

	// Key 2 is added: it seals new values, the session key still opens old ones.
	a2, err := open(dataKey(2, 0x22))
	if err != nil {
		t.Fatal(err)
	}
	if ans, cm := read(a2); ans != "sealed under the session key" || cm != "a comment under the session key" {
		t.Fatalf("old values under the new ring: %q %q", ans, cm)
	}
	rep, err := a2.RotateKeys(ctx)
	if err != nil || rep.Responses != 1 || rep.Comments != 1 || rep.Remaining != 0 {
		t.Fatalf("rotate to key 2: %+v %v", rep, err)
	}
	if got := p.keyIDs(); got[2] != 2 || len(got) != 1 {
		t.Fatalf("values per key after rotating to 2: %v", got)
	}
	if rep, _ := a2.RotateKeys(ctx); rep.Responses+rep.Comments != 0 {
		t.Fatalf("a second rotation re-sealed %+v", rep)
	}

	// Key 3 is added, and 2 rotated away.
	a3, err := open(dataKey(3, 0x33) + "," + dataKey(2, 0x22))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a3.RotateKeys(ctx); err != nil {
		t.Fatal(err)
	}
	if got := p.keyIDs(); got[3] != 2 || len(got) != 1 {
		t.Fatalf("values per key after rotating to 3: %v", got)
	}
	// Key 2 can now be dropped from the configuration.
	a3only, err := open(dataKey(3, 0x33))
	if err != nil {
		t.Fatalf("start without the rotated-away key: %v", err)
	}
	if ans, cm := read(a3only); ans != "sealed under the session key" || cm != "a comment under the session key" {
		t.Fatalf("after rotation: %q %q", ans, cm)
	}

	// Dropping key 3 while data uses it, or putting a different secret
	// under id 3, stops the app before it writes anything.
	if _, err := open(dataKey(4, 0x44)); err == nil || !strings.Contains(err.Error(), "data key 3") {
		t.Fatalf("start without the key in use: %v", err)
	}
	if _, err := open(dataKey(3, 0x99)); err == nil || !strings.Contains(err.Error(), "TEND_DATA_KEYS entry 3") {
		t.Fatalf("start with a different secret under id 3: %v", err)
	}
}

func TestSealed_ChangedSessionKey_RefusesToStart(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	ctx := context.Background()
	id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	if _, err := p.app.Assignments.Save(ctx, p.client1, id, map[string]any{"what_helped": "x"}, 0); err != nil {
		t.Fatal(err)
	}
	_, err := app.New(ctx, sealCfg(7, ""), p.app.DB, slog.New(slog.NewTextHandler(p.log, nil)), app.Options{})
	if err == nil || !strings.Contains(err.Error(), "TEND_SESSION_KEY is not the key") {
		t.Fatalf("start with another session key: %v", err)
	}
}

func TestSealed_PlaintextRowsFromBeforeSealing_AreReadThenSealed(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	ctx := context.Background()
	db := p.app.DB.Gorm
	id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	// Rows as a release before sealing wrote them.
	if err := db.Exec(`INSERT INTO responses (assignment_id, answers, version, state) VALUES (?, '{"what_helped": "legacy answer"}', 1, 'draft')`, id).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(`INSERT INTO comments (assignment_id, author_id, body) VALUES (?, ?, 'legacy comment')`, id, p.clin1.UserID).Error; err != nil {
		t.Fatal(err)
	}
	as, _ := p.app.Assignments.Get(ctx, p.client1, id)
	check := func(when string) {
		t.Helper()
		r, err := p.app.Assignments.Response(ctx, p.client1, as)
		cs, cerr := p.app.Assignments.Comments(ctx, p.client1, as)
		if err != nil || cerr != nil || r.Answers.Text("what_helped") != "legacy answer" || len(cs) != 1 || cs[0].Body != "legacy comment" {
			t.Fatalf("%s: %v %v %v %v", when, r.Answers, cs, err, cerr)
		}
	}
	check("before sealing")
	rep, err := p.app.SealExisting(ctx)
	if err != nil || rep.Responses != 1 || rep.Comments != 1 {
		t.Fatalf("seal existing: %+v %v", rep, err)
	}
	var plain struct {
		Answers string
		Body    string
	}
	db.Raw(`SELECT (SELECT answers::text FROM responses WHERE assignment_id = ?) AS answers, (SELECT body FROM comments WHERE assignment_id = ?) AS body`, id, id).Scan(&plain)
	if plain.Answers != "{}" || plain.Body != "" {
		t.Fatalf("plaintext left behind: %+v", plain)
	}
	check("after sealing")
	if rep, _ := p.app.SealExisting(ctx); rep.Responses+rep.Comments != 0 {
		t.Fatalf("sealing twice changed %+v", rep)
	}
	// An older binary (a rolling upgrade) saves plaintext over the sealed
	// draft: its newer text wins, and is sealed on the next run.
	if err := db.Exec(`UPDATE responses SET answers = '{"what_helped": "legacy answer"}', version = version + 1 WHERE assignment_id = ?`, id).Error; err != nil {
		t.Fatal(err)
	}
	var sealedLeft bool
	db.Raw(`SELECT answers_sealed IS NOT NULL FROM responses WHERE assignment_id = ?`, id).Scan(&sealedLeft)
	if sealedLeft {
		t.Fatal("a plaintext write left the stale ciphertext in place")
	}
	check("after an old binary's write")
	if rep, _ := p.app.SealExisting(ctx); rep.Responses != 1 {
		t.Fatalf("the old binary's write was not sealed: %+v", rep)
	}
	check("sealed again")
}

func TestSealed_Drafts_NeverShownToTheClinician(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	const secret = "quokka-draft-5521"
	if _, err := p.app.Assignments.Save(context.Background(), p.client1, id, map[string]any{"what_helped": secret, "distress": 9}, 0); err != nil {
		t.Fatal(err)
	}
	clin := p.signedIn("clin1@example.test")
	if page := clin.get(fmt.Sprintf("/clinician/assignments/%d", id)); page.StatusCode != http.StatusOK || strings.Contains(page.Body, secret) {
		t.Fatalf("reflection page: %d, shows the draft: %v", page.StatusCode, strings.Contains(page.Body, secret))
	}
	if res := clin.api(http.MethodGet, fmt.Sprintf("/api/v1/assignments/%d", id), ""); res.StatusCode != http.StatusOK || strings.Contains(res.Body, secret) {
		t.Fatalf("API: %d, shows the draft: %v", res.StatusCode, strings.Contains(res.Body, secret))
	}
	pdf := clin.get(fmt.Sprintf("/handouts/assignments/%d.pdf", id))
	if pdf.StatusCode != http.StatusOK {
		t.Fatalf("PDF: %d", pdf.StatusCode)
	}
	if text := pdfText(t, []byte(pdf.Body)); strings.Contains(text, secret) {
		t.Fatal("the clinician's printout shows the client's unsubmitted draft")
	}
	// The client's own printout has it.
	mine := p.signedIn("client1@example.test").get(fmt.Sprintf("/handouts/assignments/%d.pdf", id))
	if text := pdfText(t, []byte(mine.Body)); !strings.Contains(text, secret) {
		t.Fatal("the client's own printout lacks their draft")
	}
}

// Finding 5: rotate-keys covers authenticator secrets too, so a data key
// can be dropped only once no secret is sealed with it either.
func TestSealed_RotateKeys_CoversAuthenticatorSecrets(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	ctx := context.Background()
	secret := enrolNow(t, p.signedIn("clin2@example.test"))
	keyOf := func() int {
		var id int
		p.app.DB.Gorm.Raw(`SELECT get_byte(secret_sealed, 1) FROM mfa_factors WHERE user_id = ?`, p.clin2.UserID).Scan(&id)
		return id
	}
	if k := keyOf(); k != 0 {
		t.Fatalf("secret sealed with key %d, want the session key 0", k)
	}
	log := slog.New(slog.NewTextHandler(p.log, nil))
	open := func(dataKeys string) (*app.App, error) {
		return app.New(ctx, sealCfg(0, dataKeys), p.app.DB, log, app.Options{})
	}
	a2, err := open(dataKey(2, 0x22))
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := a2.RotateKeys(ctx); err != nil || rep.Secrets != 1 || keyOf() != 2 {
		t.Fatalf("rotate to key 2: %+v %v; secret under key %d", rep, err, keyOf())
	}
	a3, err := open(dataKey(3, 0x33) + "," + dataKey(2, 0x22))
	if err != nil {
		t.Fatal(err)
	}
	// Before rotating, key 2 cannot be dropped: the secret still needs it.
	if _, err := open(dataKey(3, 0x33)); err == nil || !strings.Contains(err.Error(), "data key 2") {
		t.Fatalf("start without key 2 while the secret uses it: %v", err)
	}
	if rep, err := a3.RotateKeys(ctx); err != nil || rep.Secrets != 1 || keyOf() != 3 {
		t.Fatalf("rotate to key 3: %+v %v", rep, err)
	}
	later := time.Now().Add(time.Minute)
	a3only, err := app.New(ctx, sealCfg(0, dataKey(3, 0x33)), p.app.DB, log, app.Options{Now: func() time.Time { return later }})
	if err != nil {
		t.Fatalf("start without the rotated-away key: %v", err)
	}
	code, _ := totp.GenerateCode(secret, later)
	if _, err := a3only.MFA.Verify(ctx, auth.Actor{UserID: p.clin2.UserID, Role: auth.RoleClinician}, code); err != nil {
		t.Fatalf("the rotated secret does not verify: %v", err)
	}
}
