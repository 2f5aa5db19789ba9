package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// Finding 10: the builder accepted a field called "action" (or "version",
// "submission_key"), which then shadowed the client form's own control so
// the worksheet could never be submitted.
func TestSecurity_BuilderRefusesFieldIDsOfTheFormsOwnControls(t *testing.T) {
	p := newPractice(t)
	clin := p.signedIn("clin1@example.test")
	for _, id := range []string{"action", "version", "submission_key", "share", "share_helped", "step", "fragment"} {
		form := builderForm("save")
		form.Set("f0_id", id)
		form.Set("flag1_field", id)
		res := clin.post("/library/worksheets", form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "reserved") {
			t.Errorf("field id %q: %d, want 422 saying the id is reserved", id, res.StatusCode)
		}
	}
	var n int64
	p.app.DB.Gorm.Raw(`SELECT count(*) FROM worksheets WHERE slug = 'evening-check-in'`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d worksheets saved with a reserved field id", n)
	}
}
