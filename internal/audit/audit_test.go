package audit

import (
	"testing"

	"github.com/tend-practice/tend/internal/auth"
)

func TestForAdmin_ClinicalDetailOnlyUnderBreakGlass(t *testing.T) {
	client := int64(7)
	noGrant := func(int64) bool { return false }
	grant := func(id int64) bool { return id == client }
	cases := []struct {
		name       string
		e          Event
		mayRead    func(int64) bool
		wantDetail string
		wantActor  string
	}{
		{"assignment topic", Event{Action: AssignmentCreated, ClientID: &client, Detail: "module:feeling-low-after-sex", ActorEmail: "clin@x.test", ActorRole: "clinician"},
			noGrant, "", "clin@x.test"},
		{"sharing counts, client acting", Event{Action: "couple_sharing_changed", ClientID: &client, Detail: "partner; partner 14, clinician 0, private 0",
			ActorEmail: "client@x.test", ActorRole: string(auth.RoleClient)}, noGrant, "", "client #7"},
		{"under break-glass", Event{Action: AssignmentCreated, ClientID: &client, Detail: "module:feeling-low-after-sex", ActorEmail: "clin@x.test"},
			grant, "module:feeling-low-after-sex", "clin@x.test"},
		{"another client's grant", Event{Action: HandoutPrinted, ClientID: &client, Detail: "worksheet"}, func(int64) bool { return false }, "", ""},
		{"sign-in detail stays", Event{Action: SignInFailed, Detail: "unknown email"}, noGrant, "unknown email", ""},
		{"account change stays", Event{Action: AccountChanged, Detail: "deactivated", ActorEmail: "admin@x.test"}, nil, "deactivated", "admin@x.test"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.e.ForAdmin(tc.mayRead)
			if got.Detail != tc.wantDetail || got.ActorEmail != tc.wantActor {
				t.Fatalf("ForAdmin = detail %q, actor %q; want %q, %q", got.Detail, got.ActorEmail, tc.wantDetail, tc.wantActor)
			}
		})
	}
}
