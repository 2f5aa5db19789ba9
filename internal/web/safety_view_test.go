package web_test

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/pressly/goose/v3"

	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/worksheet"
	"github.com/tend-practice/tend/migrations"
)

// Finding 4: the client's own printout showed the clinician's triage flags
// (the rules' messages and a "FLAGGED" label by each answer). Who sees what
// is now decided once, in assignment.View, for page, API and PDF alike.
func TestHandoutAssignment_ClientPrintoutHasNoFlags(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	id, messages := p.submitFlagged(t, worksheet.Answers{})
	path := fmt.Sprintf("/handouts/assignments/%d.pdf", id)
	// Long messages wrap in the PDF: compare a first stretch of each.
	start := func(m string) string { return m[:min(len(m), 24)] }

	clientText := pdfText(t, []byte(p.signedIn("client1@example.test").get(path).Body))
	if !strings.Contains(clientText, "After intimacy") {
		t.Fatalf("client printout is not the worksheet:\n%s", clientText)
	}
	if strings.Contains(strings.ToUpper(clientText), "FLAGGED") || strings.Contains(clientText, "Flagged for follow-up") {
		t.Errorf("client printout names a flag:\n%s", clientText)
	}
	for _, m := range messages {
		if strings.Contains(clientText, start(m)) {
			t.Errorf("client printout shows the flag message %q", m)
		}
	}

	clinText := pdfText(t, []byte(p.signedIn("clin1@example.test").get(path).Body))
	if !strings.Contains(clinText, "FLAGGED") {
		t.Errorf("clinician printout lost its FLAGGED labels:\n%s", clinText)
	}
	for _, m := range messages {
		if !strings.Contains(clinText, start(m)) {
			t.Errorf("clinician printout lacks the flag message %q", m)
		}
	}
}

// Migration 00013 keeps the flags of reflections submitted before it: one
// row per stored message, with the field and severity of the rule that
// wrote it.
func TestMigration00013_BackfillsStoredFlags(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	ctx := context.Background()
	id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	ans := worksheet.Answers{"date": "2026-11-20", "mood_before": 4, "mood_after": 7, "distress": 8, "want_to_discuss": "yes"}
	if _, err := p.app.Assignments.Submit(ctx, p.client1, id, ans, 0, "k"); err != nil {
		t.Fatal(err)
	}
	prov, err := goose.NewProvider(goose.DialectPostgres, p.app.DB.SQL, migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := prov.DownTo(ctx, 12); err != nil {
		t.Fatalf("down to 12: %v", err)
	}
	if _, err := database.Migrate(ctx, p.app.DB.SQL); err != nil {
		t.Fatalf("up again: %v", err)
	}
	var rows []struct {
		FieldID, Severity, Reason string
		ResponseVersion           int
		ValueSealed               []byte
	}
	p.app.DB.Gorm.Raw(`SELECT field_id, severity, reason, response_version, value_sealed FROM flags WHERE assignment_id = ? ORDER BY id`, id).Scan(&rows)
	if len(rows) != 2 || rows[0].FieldID != "distress" || rows[1].FieldID != "want_to_discuss" || rows[0].ResponseVersion != 1 ||
		rows[0].ValueSealed != nil || !strings.Contains(rows[0].Reason, "upset") {
		t.Fatalf("backfilled flags = %+v", rows)
	}
	// The clinician's page still shows them, without a value.
	if page := p.signedIn("clin1@example.test").get(fmt.Sprintf("/clinician/assignments/%d", id)).Body; !strings.Contains(page, rows[0].Reason) {
		t.Error("reflection page lacks the backfilled flag")
	}
}

// submitFlagged submits client1's after-intimacy reflection with answers
// that raise flags (distress 9, wants to talk), plus extra, and returns the
// assignment and the flag messages the clinician sees.
func (p *practice) submitFlagged(t *testing.T, extra worksheet.Answers) (int64, []string) {
	t.Helper()
	ctx := context.Background()
	id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	ans := worksheet.Answers{"date": "2026-11-20", "mood_before": 4, "mood_after": 7, "distress": 9, "want_to_discuss": "yes"}
	maps.Copy(ans, extra)
	if _, err := p.app.Assignments.Submit(ctx, p.client1, id, ans, 0, "k"); err != nil {
		t.Fatal(err)
	}
	as, err := p.app.Assignments.Get(ctx, p.clin1, id)
	if err != nil {
		t.Fatal(err)
	}
	wv, err := p.app.Assignments.Worksheet(ctx, as)
	if err != nil {
		t.Fatal(err)
	}
	messages := wv.Schema.Flags(wv.Schema.Normalize(ans))
	if len(messages) == 0 {
		t.Fatal("test answers raise no flag on the built-in worksheet")
	}
	return id, messages
}
