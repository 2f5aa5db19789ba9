package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/bench"
	"github.com/tend-practice/tend/internal/testkit"
)

// statementLog records the SQL of every statement GORM runs on db from now
// on (the session store is not GORM: its reads are not in it).
type statementLog struct {
	mu  sync.Mutex
	sql []string
}

func logStatements(t *testing.T, db *gorm.DB) *statementLog {
	t.Helper()
	l := &statementLog{}
	record := func(d *gorm.DB) {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.sql = append(l.sql, strings.Join(strings.Fields(d.Statement.SQL.String()), " "))
	}
	cb := db.Callback()
	for name, err := range map[string]error{
		"query":  cb.Query().After("gorm:query").Register("perf:log_query", record),
		"create": cb.Create().After("gorm:create").Register("perf:log_create", record),
		"update": cb.Update().After("gorm:update").Register("perf:log_update", record),
		"delete": cb.Delete().After("gorm:delete").Register("perf:log_delete", record),
		"row":    cb.Row().After("gorm:row").Register("perf:log_row", record),
		"raw":    cb.Raw().After("gorm:raw").Register("perf:log_raw", record),
	} {
		if err != nil {
			t.Fatalf("register %s logger: %v", name, err)
		}
	}
	return l
}

// during returns the statements f ran.
func (l *statementLog) during(f func()) []string {
	l.mu.Lock()
	n := len(l.sql)
	l.mu.Unlock()
	f()
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.sql[n:]...)
}

func countWith(stmts []string, prefix string) int {
	n := 0
	for _, s := range stmts {
		if strings.HasPrefix(s, prefix) {
			n++
		}
	}
	return n
}

// Issue 21: the review queue (the clinician's dashboard) and a client's
// page run a bounded number of statements over a seeded practice, whatever
// its size: the dashboard's lists and counts in at most 3, the client
// page's timeline, charts and counts without repeated scans, each audit
// write kept.
func TestPerf_StatementsPerPage(t *testing.T) {
	t.Parallel()
	a, p := bench.NewPractice(t, 1, 20)
	srv := testkit.Serve(t, a)
	cl := p.Clinicians[0]
	cookie, err := bench.SignIn(context.Background(), srv.URL, cl.Email, bench.TestPassword)
	if err != nil {
		t.Fatal(err)
	}
	log := logStatements(t, a.DB.Gorm)
	get := func(path, want string) []string {
		return log.during(func() {
			req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
			req.Header.Set("Cookie", cookie)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var b strings.Builder
			_, _ = fmt.Fprint(&b, res.Status)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %s", path, b.String())
			}
		})
	}
	show := func(stmts []string) string {
		var b strings.Builder
		for _, s := range stmts {
			if len(s) > 110 {
				s = s[:110] + "..."
			}
			b.WriteString("\n  " + s)
		}
		return b.String()
	}

	get("/clinician", "") // warm: the first request may read what later ones cache
	dash := get("/clinician", "<h1>Review queue</h1>")
	// Lists and counts: the queue (its counts, page and flags) and the
	// filter options. The rest are the actor and the follow-through box
	// (issue 17: due this week, adherence, the digest switch).
	queue := countWith(dash, "SELECT count(*) FILTER") + countWith(dash, "SELECT id, rank, at") + countWith(dash, "WITH n AS") +
		countWith(dash, "SELECT a.id, a.kind") + countWith(dash, "SELECT f.") + countWith(dash, "SELECT id::text AS value") +
		countWith(dash, "SELECT w.slug AS value") + countWith(dash, "SELECT list, value")
	t.Logf("dashboard: %d statements, %d of them the queue's lists and counts:%s", len(dash), queue, show(dash))
	if queue > 3 {
		t.Errorf("dashboard: the queue's lists and counts took %d statements, want at most 3:%s", queue, show(dash))
	}
	// 12 before issue 21: 6 for the queue's lists and counts. 9 after it;
	// issue 22 added the viewer's language; 8 once the language and the
	// time zone came with the actor's read.
	if len(dash) > 8 {
		t.Errorf("dashboard: %d statements in all, want at most 8 (3 for the queue; the actor with its language "+
			"and time zone, emergency access, the follow-through box):%s", len(dash), show(dash))
	}

	page := fmt.Sprintf("/clinician/clients/%d", cl.Clients[0].ID)
	get(page, "")
	client := get(page, "<svg")
	t.Logf("client page: %d statements:%s", len(client), show(client))
	if n := countWith(client, "INSERT INTO \"audit_events\"") + countWith(client, "INSERT INTO audit_events"); n < 1 {
		t.Errorf("client page: no audit write for reading the charts:%s", show(client))
	}
	seen := map[string]int{}
	for _, s := range client {
		if strings.HasPrefix(s, "SELECT") {
			seen[s]++
		}
	}
	for s, n := range seen {
		if n > 1 {
			t.Errorf("client page: the same statement ran %d times: %s", n, s)
		}
	}
	// 18 before issue 21: the status counts took a page query and a counts
	// query. 17 after it; issue 22 added the viewer's language and the
	// languages of the library's modules and worksheets for the assign box
	// (three more); the language and the time zone then came with the
	// actor's read (two fewer).
	if len(client) > 18 {
		t.Errorf("client page: %d statements, want at most 18:%s", len(client), show(client))
	}
}
