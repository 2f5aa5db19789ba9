package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/client"
)

func TestLibraryAssign_SeveralClients_AllOrNothing(t *testing.T) {
	t.Parallel()
	p := newPractice(t)
	ctx := context.Background()
	ash := p.clientWithAccount(p.clin1, "Ash", "ash@example.test")
	bea, _, err := p.app.Clients.Create(ctx, p.clin1, client.NewClient{DisplayName: "Bea"})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.app.Clients.SetArchived(ctx, p.clin1, bea.ID, true); err != nil {
		t.Fatal(err)
	}
	clin := p.signedIn("clin1@example.test")
	page := clin.get("/library/worksheets/after-intimacy-reflection").Body
	if !strings.Contains(page, `action="/library/worksheets/after-intimacy-reflection/assign"`) || !strings.Contains(page, ">Ash</label>") {
		t.Fatal("the worksheet page has no Assign form with the clinician's clients")
	}
	count := func() int64 {
		var n int64
		p.app.DB.Gorm.Table("assignments").Where("clinician_id = ?", p.clin1.UserID).Count(&n)
		return n
	}
	// One archived client in the list fails the whole batch, with a clear message and the form kept.
	form := url.Values{"client_id": {fmt.Sprint(p.client1.ClientID), fmt.Sprint(ash.ClientID), fmt.Sprint(bea.ID)},
		"due_on": {"2030-03-04"}, "note": {"KEPT-NOTE"}}
	res := clin.post("/library/worksheets/after-intimacy-reflection/assign", form)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Bea is archived") || !strings.Contains(res.Body, "Nothing was assigned") || !strings.Contains(res.Body, "KEPT-NOTE") {
		t.Fatalf("archived client in the batch: %d", res.StatusCode)
	}
	if n := count(); n != 0 {
		t.Fatalf("%d assignments created by a failed batch", n)
	}
	// Another clinician's client: 404, nothing created.
	form.Set("client_id", fmt.Sprint(p.client2.ClientID))
	form.Add("client_id", fmt.Sprint(p.client1.ClientID))
	if res := clin.post("/library/worksheets/after-intimacy-reflection/assign", form); res.StatusCode != http.StatusNotFound {
		t.Fatalf("another clinician's client in the batch: %d", res.StatusCode)
	}
	if n := count(); n != 0 {
		t.Fatalf("%d assignments created by a batch with someone else's client", n)
	}
	// Two clients: both get it, same due date and note.
	form = url.Values{"client_id": {fmt.Sprint(p.client1.ClientID), fmt.Sprint(ash.ClientID)}, "due_on": {"2030-03-04"}, "note": {"For you both."}}
	res = clin.post("/library/modules/what-is-aftercare/assign", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("assign to two: %d %s", res.StatusCode, res.Body)
	}
	if !strings.Contains(clin.get(res.Header.Get("Location")).Body, "Assigned to Ash, Robin.") {
		t.Error("no confirmation naming both clients")
	}
	for _, who := range []string{"client1@example.test", "ash@example.test"} {
		if me := p.signedIn(who).get("/me").Body; !strings.Contains(me, "What is aftercare?") || !strings.Contains(me, "For you both.") || !strings.Contains(me, "4 Mar 2030") {
			t.Errorf("%s lacks the module with its note and date", who)
		}
	}
	if res := clin.post("/library/modules/what-is-aftercare/assign", url.Values{}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "at least one client") {
		t.Errorf("no clients chosen: %d", res.StatusCode)
	}
}
