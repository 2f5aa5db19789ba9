package web_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
)

// The application's own connection may add and read audit events but not
// change or remove one.
func TestAudit_AppConnectionCannotEditOrDeleteEvents(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	ctx := context.Background()
	p.signedIn("clin1@example.test") // leaves a sign_in event
	before := p.count("audit_events", "true")
	if before == 0 {
		t.Fatal("no audit events to tamper with")
	}
	for _, stmt := range []string{
		`UPDATE audit_events SET detail = 'rewritten'`,
		`UPDATE audit_events SET actor_id = NULL WHERE action = 'sign_in'`,
		`DELETE FROM audit_events WHERE action = 'sign_in'`,
		`DELETE FROM audit_events`,
		`TRUNCATE audit_events`,
	} {
		if _, err := p.app.DB.Pool.Exec(ctx, stmt); err == nil {
			t.Errorf("%s succeeded on the app's connection", stmt)
		}
		if err := p.app.DB.Gorm.Exec(stmt).Error; err == nil {
			t.Errorf("%s succeeded through GORM", stmt)
		}
	}
	if got := p.count("audit_events", "true"); got != before {
		t.Fatalf("%d events, had %d", got, before)
	}
	if n := p.count("audit_events", "detail = 'rewritten'"); n != 0 {
		t.Fatal("an event was rewritten")
	}
	// Inserting still works: the trail keeps growing.
	if _, err := p.app.DB.Pool.Exec(ctx, `INSERT INTO audit_events (action) VALUES ('test_insert')`); err != nil {
		t.Fatalf("insert: %v", err)
	}
}

// Every way a reflection leaves the database for someone other than its
// author is recorded: the reflection page, the API, the printout, and the
// charts built from its answers.
func TestAudit_EveryReflectionReadAndExportIsRecorded(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	ctx := context.Background()
	id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	ans := map[string]any{"date": "2026-11-20", "mood_before": 5, "mood_after": 6, "distress": 1, "what_helped": "tea"}
	if _, err := p.app.Assignments.Submit(ctx, p.client1, id, ans, 0, "audit-key"); err != nil {
		t.Fatal(err)
	}
	mod := p.assign(p.clin1, p.client1, "module", "what-is-aftercare")
	clin := p.signedIn("clin1@example.test")
	cl := p.signedIn("client1@example.test")

	type event struct {
		Action, ObjectType, Detail string
		ActorID, ObjectID          int64
		ClientID                   int64
	}
	cases := []struct {
		name   string
		who    *browser
		do     func(*browser) response
		action string
		object int64
		actor  int64
	}{
		{"reflection page", clin, func(b *browser) response { return b.get(fmt.Sprintf("/clinician/assignments/%d", id)) }, "reflection_read", id, p.clin1.UserID},
		{"API", clin, func(b *browser) response { return b.api(http.MethodGet, fmt.Sprintf("/api/v1/assignments/%d", id), "") }, "reflection_read", id, p.clin1.UserID},
		{"clinician's printout", clin, func(b *browser) response { return b.get(fmt.Sprintf("/handouts/assignments/%d.pdf", id)) }, "handout_printed", id, p.clin1.UserID},
		{"client's printout", cl, func(b *browser) response { return b.get(fmt.Sprintf("/handouts/assignments/%d.pdf", id)) }, "handout_printed", id, p.client1.UserID},
		{"module printout", cl, func(b *browser) response { return b.get(fmt.Sprintf("/handouts/assignments/%d.pdf", mod)) }, "handout_printed", mod, p.client1.UserID},
		{"charts on the client's record", clin, func(b *browser) response { return b.get(fmt.Sprintf("/clinician/clients/%d", p.client1.ClientID)) }, "reflection_read", p.client1.ClientID, p.clin1.UserID},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := p.count("audit_events", "action = ?", tc.action)
			if res := tc.do(tc.who); res.StatusCode != http.StatusOK {
				t.Fatalf("status %d", res.StatusCode)
			}
			if got := p.count("audit_events", "action = ?", tc.action); got != before+1 {
				t.Fatalf("%d new %s events, want 1", got-before, tc.action)
			}
			var e event
			p.app.DB.Gorm.Raw(`SELECT action, object_type, detail, actor_id, COALESCE(object_id, 0) AS object_id, COALESCE(client_id, 0) AS client_id
				FROM audit_events WHERE action = ? ORDER BY id DESC LIMIT 1`, tc.action).Scan(&e)
			if e.ActorID != tc.actor || e.ObjectID != tc.object || e.ClientID != p.client1.ClientID {
				t.Fatalf("event %+v, want actor %d, object %d, client %d", e, tc.actor, tc.object, p.client1.ClientID)
			}
		})
	}
	// Reading a draft shows the clinician nothing, so records nothing; the
	// client reading their own work is not an access to record.
	draft := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	if _, err := p.app.Assignments.Save(ctx, p.client1, draft, map[string]any{"what_helped": "x"}, 0); err != nil {
		t.Fatal(err)
	}
	before := p.count("audit_events", "action = 'reflection_read'")
	clin.get(fmt.Sprintf("/clinician/assignments/%d", draft))
	cl.get(fmt.Sprintf("/me/assignments/%d", id))
	if got := p.count("audit_events", "action = 'reflection_read'"); got != before {
		t.Fatalf("%d reads recorded for a draft and the author's own view", got-before)
	}
}
