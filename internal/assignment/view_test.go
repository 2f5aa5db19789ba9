package assignment

import (
	"testing"

	"github.com/tend-practice/tend/internal/worksheet"
)

// The clinician's preview shows an assignment as its client would see it:
// ForClient drops the triage (flags, flag rules, the response's flag
// messages), private notes and the clinician's own "new" markers, keeps
// Support for an urgent flag on the latest submission, and leaves the
// staff view it came from as it was.
func TestView_ForClient(t *testing.T) {
	ws := &worksheet.Version{Schema: worksheet.Schema{FlagRules: []worksheet.FlagRule{{Field: "distress", Op: "gte"}}}}
	staff := View{
		Worksheet: ws,
		Response:  Response{Version: 3, Flags: []string{"Distress is 9"}},
		Flags:     []RaisedFlag{{Flag: worksheet.Flag{FieldID: "distress", Severity: worksheet.SeverityUrgent}, ResponseVersion: 3}},
		Comments: []Comment{{ID: 1, Body: "shared", New: true}, {ID: 2, Body: "private note", Private: true},
			{ID: 3, Body: "on an answer", FieldID: "distress"}},
		Triage: true,
	}
	got := staff.ForClient()
	if got.Triage || got.Flags != nil || got.Response.Flags != nil || got.Worksheet.Schema.FlagRules != nil {
		t.Fatalf("triage left in the client's view: %+v", got)
	}
	if !got.Support {
		t.Error("an urgent flag on the latest submission should show the crisis contacts")
	}
	if len(got.Comments) != 2 || got.Comments[0].Body != "shared" || got.Comments[1].Body != "on an answer" {
		t.Fatalf("comments: %+v", got.Comments)
	}
	for _, cm := range got.Comments {
		if cm.New || cm.Private {
			t.Errorf("comment %d shown as new or private: %+v", cm.ID, cm)
		}
	}
	if len(staff.Flags) != 1 || len(staff.Worksheet.Schema.FlagRules) != 1 || !staff.Comments[0].New || len(staff.Comments) != 3 {
		t.Error("ForClient changed the staff view it was made from")
	}

	// An urgent flag on an earlier submission does not show the contacts.
	staff.Response.Version = 4
	if staff.ForClient().Support {
		t.Error("Support for a flag on an older submission")
	}
}
