package web

import (
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/fielderr"
	"github.com/tend-practice/tend/internal/safety"
)

// The English messages in adminMessages are the domain packages' own words,
// limits included: a message whose wording or number changes there and not
// here would show in English on a Spanish or Greek page.
func TestAdminMessages_MatchTheDomainPackages(t *testing.T) {
	var got []string
	for _, p := range []string{"\xff\xfe", "short", strings.Repeat("x", auth.MaxPasswordLen+1), "password123"} {
		got = append(got, auth.PolicyMessage(auth.CheckPolicy(p)))
	}
	for _, m := range fielderr.Fields(account.CheckCreatableRole(auth.RoleClient)) {
		got = append(got, m)
	}
	long, short := strings.Repeat("x", 501), strings.Repeat("x", 121)
	_, err := safety.Clean(safety.Settings{PracticeContact: long, Contacts: []safety.Contact{
		{Phone: "1"}, {Name: short, Phone: short}, {Name: "A", Web: "ftp://x"}}})
	for _, m := range fielderr.Fields(err) {
		got = append(got, m)
	}
	_, err = safety.Clean(safety.Settings{ReadingPromise: "x"})
	for _, m := range fielderr.Fields(err) {
		got = append(got, m)
	}
	many := make([]safety.Contact, safety.MaxContacts+1)
	for i := range many {
		many[i] = safety.Contact{Name: "A", Phone: "1"}
	}
	_, err = safety.Clean(safety.Settings{ReadingPromise: "x", Contacts: many})
	for _, m := range fielderr.Fields(err) {
		got = append(got, m)
	}
	if len(got) < 10 {
		t.Fatalf("only %d messages: %v", len(got), got)
	}
	for _, m := range got {
		if _, ok := adminMessages[m]; !ok {
			t.Errorf("no catalogue key for the domain message %q", m)
		}
	}
}
