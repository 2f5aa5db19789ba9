package e2e

import "os"

// knownIssue is a failing check on a page that has been reported to the
// page's owner and is not fixed yet. It turns that one finding (check, page,
// screen size) into a log line marked KNOWN ISSUE, so the suite stays useful
// for everything else. Delete the entry in the change that fixes the page.
// TEND_E2E_STRICT=1 ignores this list, to see every finding as a failure:
//
//	TEND_E2E_STRICT=1 go test -count=1 ./internal/e2e/
type knownIssue struct {
	Check string // "axe <rule id>" or "fits-width"
	Path  string // location.pathname
	Size  string // viewport name ("phone", "desktop"); "" for any
	Fix   string // where and what to change
}

var knownIssues = []knownIssue{
	{"axe scrollable-region-focusable", "/admin/users", "phone",
		`templates/pages/admin/users.html: give <div class="table-wrap"> tabindex="0" role="region" aria-label="Accounts" so keyboard users can scroll the table`},
	{"axe scrollable-region-focusable", "/admin/audit", "phone",
		`templates/pages/admin/audit.html: give <div class="table-wrap"> tabindex="0" role="region" aria-label="Audit events" so keyboard users can scroll the table`},
	{"fits-width", "/admin/users", "phone",
		`templates/static/app.css: add position: relative to .table-wrap; the absolutely positioned .visually-hidden spans in the last column escape the scroller and widen the page`},
}

// known returns the entry for a finding, if any.
func known(check, path, size string) (knownIssue, bool) {
	if os.Getenv("TEND_E2E_STRICT") != "" {
		return knownIssue{}, false
	}
	for _, k := range knownIssues {
		if k.Check == check && k.Path == path && (k.Size == "" || k.Size == size) {
			return k, true
		}
	}
	return knownIssue{}, false
}
