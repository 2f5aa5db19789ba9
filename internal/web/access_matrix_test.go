package web_test

import (
	"bufio"
	"fmt"
	"net/http"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/auth"
)

// matrixRow is one line of testdata/access_matrix.txt: a route, a sample
// request for it, and the status each kind of visitor must get.
//
// A route with an :id parameter also has an "other owner" column,
// role:status, or "-" when no other owner applies (an admin's view of
// practice-wide records): what that role gets when the sample's ids are
// another clinician's and client's records instead of its own. Someone
// else's record must answer exactly like a missing one, so this is 404 on
// every route that reads or changes an owned record.
type matrixRow struct {
	method, route, sample string
	want                  map[string]int
	other                 *otherOwner // nil when the row has no column
}

// otherOwner is the "other owner" column of a matrix row.
type otherOwner struct {
	role string
	want int
}

var matrixRoles = []string{"anonymous", "admin", "clinician", "client"}

func loadMatrix(t *testing.T) map[string]matrixRow {
	t.Helper()
	f, err := os.Open("testdata/access_matrix.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows := map[string]matrixRow{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Fields(line)
		if len(parts) != 3+len(matrixRoles) && len(parts) != 4+len(matrixRoles) {
			t.Fatalf("bad matrix line %q", line)
		}
		r := matrixRow{method: parts[0], route: parts[1], sample: parts[2], want: map[string]int{}}
		for i, role := range matrixRoles {
			n, err := strconv.Atoi(parts[3+i])
			if err != nil {
				t.Fatalf("bad status in %q", line)
			}
			r.want[role] = n
		}
		if len(parts) == 4+len(matrixRoles) {
			r.other = parseOtherOwner(t, line, parts[3+len(matrixRoles)])
		}
		if r.other == nil && strings.Contains(r.route, ":id") {
			t.Errorf("matrix line %q has an :id but no other-owner column (role:status, or - when none applies)", line)
		}
		rows[r.method+" "+r.route] = r
	}
	return rows
}

func parseOtherOwner(t *testing.T, line, col string) *otherOwner {
	t.Helper()
	if col == "-" {
		return &otherOwner{}
	}
	role, status, ok := strings.Cut(col, ":")
	n, err := strconv.Atoi(status)
	if !ok || err != nil || !slices.Contains(matrixRoles[1:], role) {
		t.Fatalf("bad other-owner column %q in %q (want role:status or -)", col, line)
	}
	return &otherOwner{role: role, want: n}
}

// TestRoutes_EveryRouteDeclaresAccess walks every route the router knows and
// checks that it was registered with an access rule and has a row in the
// expected-outcome table (and that the table has no stale rows).
func TestRoutes_EveryRouteDeclaresAccess(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	rows := loadMatrix(t)
	seen := map[string]bool{}
	for _, r := range h.app.Server.Engine().Routes() {
		key := r.Method + " " + r.Path
		seen[key] = true
		if _, ok := h.app.Server.Access(r.Method, r.Path); !ok {
			t.Errorf("%s was registered without an access rule", key)
		}
		if _, ok := rows[key]; !ok {
			t.Errorf("%s has no row in testdata/access_matrix.txt", key)
		}
	}
	for key := range rows {
		if !seen[key] {
			t.Errorf("testdata/access_matrix.txt lists %s, which is not a route", key)
		}
	}
}

// TestAccessMatrix requests every route as each kind of visitor and compares
// the status with the table. Records in sample paths are the acting
// clinician's and client's own, so this checks roles; ownership across
// clinicians and clients is TestOwnership_OtherPeoplesIDsAnswer404.
func TestAccessMatrix(t *testing.T) {
	t.Parallel()
	rows := loadMatrix(t)
	keys := make([]string, 0, len(rows))
	for k := range rows {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	shared := newMatrixSite(t) // for requests that change nothing
	for _, key := range keys {
		row := rows[key]
		t.Run(row.method+" "+row.route, func(t *testing.T) {
			t.Parallel()
			site := shared
			if row.method != http.MethodGet {
				// Anything that changes state gets a practice of its own.
				site = newMatrixSite(t)
			}
			path := site.expand(row.sample)
			for _, role := range matrixRoles {
				got := site.request(t, role, row.method, path)
				if got != row.want[role] {
					t.Errorf("%s %s (%s) as %s: %d, want %d", row.method, row.route, path, role, got, row.want[role])
				}
			}
			if o := row.other; o != nil && o.role != "" {
				path := site.expandOther(row.sample)
				if got := site.request(t, o.role, row.method, path); got != o.want {
					t.Errorf("%s %s (%s) as %s for another owner's record: %d, want %d", row.method, row.route, path, o.role, got, o.want)
				}
			}
		})
	}
}

type matrixSite struct {
	p        *practice
	browsers map[string]*browser
	vars     map[string]string
	others   map[string]string // the same placeholders, for clin2's and client2's records
}

func newMatrixSite(t *testing.T) *matrixSite {
	p := newPractice(t)
	p.user(auth.RoleAdmin, "admin@example.test")
	ws := p.assign(p.clin1, p.client1, "worksheet", "after-intimacy-reflection")
	mod := p.assign(p.clin1, p.client1, "module", "what-is-aftercare")
	p.syncGuidedFixture()
	p.assign(p.clin1, p.client1, "module", "guided-fixture")
	prog, run := p.program(p.clin1, p.client1)
	otherWS := p.assign(p.clin2, p.client2, "worksheet", "after-intimacy-reflection")
	otherMod := p.assign(p.clin2, p.client2, "module", "what-is-aftercare")
	otherProg, otherRun := p.program(p.clin2, p.client2)
	s := &matrixSite{p: p, browsers: map[string]*browser{
		"anonymous": p.browser(),
		"admin":     p.signedIn("admin@example.test"),
		"clinician": p.signedIn("clin1@example.test"),
		"client":    p.signedIn("client1@example.test"),
	}, vars: map[string]string{
		"{client}":            fmt.Sprint(p.client1.ClientID),
		"{assignment}":        fmt.Sprint(ws),
		"{module_assignment}": fmt.Sprint(mod),
		"{user}":              fmt.Sprint(p.clin2.UserID),
		"{program}":           fmt.Sprint(prog),
		"{program_run}":       fmt.Sprint(run),
	}, others: map[string]string{
		"{client}":            fmt.Sprint(p.client2.ClientID),
		"{assignment}":        fmt.Sprint(otherWS),
		"{module_assignment}": fmt.Sprint(otherMod),
		"{user}":              fmt.Sprint(p.clin2.UserID),
		"{program}":           fmt.Sprint(otherProg),
		"{program_run}":       fmt.Sprint(otherRun),
	}}
	return s
}

func (s *matrixSite) expand(sample string) string {
	for k, v := range s.vars {
		sample = strings.ReplaceAll(sample, k, v)
	}
	return sample
}

// expandOther fills a sample path with another owner's records.
func (s *matrixSite) expandOther(sample string) string {
	for k, v := range s.others {
		sample = strings.ReplaceAll(sample, k, v)
	}
	return sample
}

func (s *matrixSite) request(t *testing.T, role, method, path string) int {
	b := s.browsers[role].on(t)
	if method == http.MethodGet {
		return b.get(path).StatusCode
	}
	req, _ := http.NewRequest(method, s.p.srv.URL+path, strings.NewReader(""))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if strings.HasPrefix(path, "/api/") {
		req.Header.Set("Content-Type", "application/json")
		req.Body = http.NoBody
	}
	req.Header.Set("Origin", s.p.srv.URL)
	return b.do(req).StatusCode
}
