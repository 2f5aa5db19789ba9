package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/worksheet"
)

// A submission at 23:30 UTC is the next day in Sydney and the same day in
// New York, on the clinician's pages, with the zone's abbreviation; a
// clinician without a zone of their own sees the practice's.
func TestTimeZones_SubmissionShownInTheViewersZone(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	id := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	ans := worksheet.Answers{"date": "2026-11-20", "mood_before": 5, "mood_after": 6, "distress": 1}
	if _, err := p.app.Assignments.Submit(t.Context(), p.client1, id, ans, 0, "k1"); err != nil {
		t.Fatal(err)
	}
	db := p.app.DB.Gorm
	if err := db.Exec(`UPDATE assignments SET submitted_at = '2026-12-02T23:30:00Z' WHERE id = ?`, id).Error; err != nil {
		t.Fatal(err)
	}
	clin := p.signedIn("clin1@example.test")
	cases := []struct{ own, practice, want, client string }{
		{"Australia/Sydney", "UTC", "submitted 3 Dec 2026, 10:30 AEDT", "submitted 3 Dec 2026"},
		{"America/New_York", "UTC", "submitted 2 Dec 2026, 18:30 EST", "submitted 2 Dec 2026"},
		{"", "Australia/Sydney", "submitted 3 Dec 2026, 10:30 AEDT", "submitted 3 Dec 2026"},
		{"", "UTC", "submitted 2 Dec 2026, 23:30 UTC", "submitted 2 Dec 2026"},
	}
	for _, c := range cases {
		db.Exec(`UPDATE users SET time_zone = ? WHERE id = ?`, c.own, p.clin1.UserID)
		db.Exec(`UPDATE practice_settings SET time_zone = ? WHERE id = 1`, c.practice)
		if page := clin.get(fmt.Sprintf("/clinician/assignments/%d", id)).Body; !strings.Contains(page, c.want) {
			t.Errorf("own %q practice %q: reflection page lacks %q", c.own, c.practice, c.want)
		}
		if page := clin.get(fmt.Sprintf("/clinician/clients/%d", p.client1.ClientID)).Body; !strings.Contains(page, c.client) {
			t.Errorf("own %q practice %q: timeline lacks %q", c.own, c.practice, c.client)
		}
	}
}

// A module read and an audit event at 23:30 UTC show in the viewer's zone
// too: the reflection page, the client's own page and the audit log.
func TestTimeZones_ReadAndAuditShownInTheViewersZone(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	admin := p.user(auth.RoleAdmin, "admin@example.test")
	id := p.assign(p.clin1, p.client1, "module", "what-is-aftercare")
	if err := p.app.Assignments.MarkRead(t.Context(), p.client1, id); err != nil {
		t.Fatal(err)
	}
	db := p.app.DB.Gorm
	if err := db.Exec(`UPDATE assignments SET read_at = '2026-12-02T23:30:00Z' WHERE id = ?`, id).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(`INSERT INTO audit_events (at, actor_id, actor_role, action) VALUES ('2026-12-02T23:30:00Z', ?, 'admin', 'login')`, admin.ID).Error; err != nil {
		t.Fatal(err)
	}
	clin, client, adm := p.signedIn("clin1@example.test"), p.signedIn("client1@example.test"), p.signedIn("admin@example.test")
	cases := []struct{ zone, when, day string }{
		{"Australia/Sydney", "3 Dec 2026, 10:30 AEDT", "3 Dec 2026"},
		{"America/New_York", "2 Dec 2026, 18:30 EST", "2 Dec 2026"},
	}
	for _, c := range cases {
		for _, u := range []int64{p.clin1.UserID, p.client1.UserID, admin.ID} {
			db.Exec(`UPDATE users SET time_zone = ? WHERE id = ?`, c.zone, u)
		}
		if page := clin.get(fmt.Sprintf("/clinician/assignments/%d", id)).Body; !strings.Contains(page, "Read on "+c.when) {
			t.Errorf("%s: reflection page lacks %q", c.zone, "Read on "+c.when)
		}
		if page := client.get(fmt.Sprintf("/me/assignments/%d", id)).Body; !strings.Contains(page, "You read this on "+c.day) {
			t.Errorf("%s: client page lacks %q", c.zone, "You read this on "+c.day)
		}
		if page := adm.get("/admin/audit").Body; !strings.Contains(page, c.when) {
			t.Errorf("%s: audit log lacks %q", c.zone, c.when)
		}
	}
}
