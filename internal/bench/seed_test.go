package bench_test

import (
	"context"
	"net/http/httptest"
	"reflect"
	"slices"
	"testing"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/bench"
	"github.com/tend-practice/tend/internal/database/dbtest"
)

// The seed writes rows the app reads back as its own: sealed answers that
// open and pass their worksheet's checks, flags that match the schema's
// rules, sealed comments, and accounts that sign in.
func TestSeed_WritesWhatTheAppReads(t *testing.T) {
	db := dbtest.New(t)
	a := bench.NewApp(t, db, nil)
	ctx := context.Background()
	p, counts, err := bench.Seed(ctx, db.Pool, bench.Spec{Clinicians: 2, ClientsPerClinician: 3, Password: bench.TestPassword,
		Seed: 7, Seal: a.Keys.Seal})
	if err != nil {
		t.Fatal(err)
	}
	want := bench.Counts{Users: 1 + 2 + 6, Clients: 6, Assignments: 6 * bench.WorkPerClient,
		Responses: 6 * (bench.SubmittedPerClient + 1), Submitted: 6 * bench.SubmittedPerClient}
	got := counts
	got.Comments, got.AuditEvents, got.CopyTime, got.Settle = 0, 0, nil, 0
	if !reflect.DeepEqual(got, want) || counts.Comments == 0 || counts.AuditEvents < counts.Assignments {
		t.Fatalf("counts = %+v, want %+v with comments and audit events", counts, want)
	}

	cl := p.Clinicians[0]
	clinician := auth.Actor{UserID: cl.ID, Role: auth.RoleClinician}
	c := cl.Clients[0]
	client := auth.Actor{UserID: c.UserID, Role: auth.RoleClient, ClientID: c.ID}
	list, err := a.Assignments.ForClient(ctx, client, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != bench.WorkPerClient {
		t.Fatalf("client has %d assignments, want %d", len(list), bench.WorkPerClient)
	}
	submitted, commented := 0, 0
	for _, as := range list {
		if as.Kind != assignment.KindWorksheet || !as.Done() {
			continue
		}
		submitted++
		r, err := a.Assignments.Response(ctx, client, as)
		if err != nil {
			t.Fatalf("response of %d: %v", as.ID, err)
		}
		wv, err := a.Assignments.Worksheet(ctx, as)
		if err != nil {
			t.Fatal(err)
		}
		if verr := wv.Schema.Check(r.Answers, true); verr != nil {
			t.Fatalf("seeded answers of %d fail the worksheet's checks: %v", as.ID, verr.Fields)
		}
		flags := wv.Schema.Flags(r.Answers)
		if !slices.Equal(flags, r.Flags) && len(flags)+len(r.Flags) > 0 || as.Flagged != (len(flags) > 0) {
			t.Fatalf("assignment %d: flagged %v, stored flags %v, schema says %v", as.ID, as.Flagged, r.Flags, flags)
		}
		comments, err := a.Assignments.Comments(ctx, clinician, as)
		if err != nil {
			t.Fatalf("comments of %d: %v", as.ID, err)
		}
		for _, cm := range comments {
			if cm.Body == "" {
				t.Fatalf("comment %d opened empty", cm.ID)
			}
			commented++
		}
	}
	if submitted != bench.SubmittedPerClient || commented == 0 {
		t.Fatalf("%d submitted reflections, %d comments; want %d and some", submitted, commented, bench.SubmittedPerClient)
	}

	srv := httptest.NewServer(a.Server.Handler())
	defer srv.Close()
	if _, err := bench.SignIn(ctx, srv.URL, cl.Email, bench.TestPassword); err != nil {
		t.Fatalf("seeded clinician cannot sign in: %v", err)
	}

	// Older history changes the database, not the dashboard.
	before, err := a.Assignments.Dashboard(ctx, clinician, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.AddHistory(ctx, db.Pool, 2, 1); err != nil {
		t.Fatal(err)
	}
	after, err := a.Assignments.Dashboard(ctx, clinician, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Fatalf("the dashboard changed with older history:\nbefore %+v\nafter  %+v", before, after)
	}
	if list, _ = a.Assignments.ForClient(ctx, client, 0); len(list) != 3*bench.WorkPerClient {
		t.Fatalf("after two rounds of history the client has %d assignments, want %d", len(list), 3*bench.WorkPerClient)
	}
}
