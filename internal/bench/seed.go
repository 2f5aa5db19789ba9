// Package bench seeds a large practice quickly, with PostgreSQL COPY, and
// holds what `make bench` (cmd/tendbench) needs to drive a running Tend:
// the load runs, the server process and its memory. The Go benchmarks that
// need a realistic database seed a small practice with the same code.
//
// The rows are the ones the app itself writes (answers in worksheet.Answers
// form, flags from the schema's rules, audit events for each step), written
// directly, so a practice of 100,000 assignments takes seconds rather than
// the many minutes that going through the services would (an argon2 hash
// per account, a transaction per step).
package bench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/sync/errgroup"

	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/worksheet"
)

// WorkPerClient is how many assignments each seeded client has: 16
// submitted reflections (the older ones reviewed, some commented on), a
// module read and a module new, an inventory that may be overdue and a
// reflection in draft.
const WorkPerClient = 20

// SubmittedPerClient is how many of a client's assignments have a submitted
// response.
const SubmittedPerClient = 16

// Spec sizes a seeded practice.
type Spec struct {
	Clinicians          int
	ClientsPerClinician int
	Password            string    // every seeded account's password
	Now                 time.Time // the practice's "today"; zero means time.Now()
	Seed                uint64    // the same seed gives the same practice
	Workers             int       // COPY streams at once; 0 means 2
	// Seal, when set, seals answers and comment bodies as the app does
	// (internal/seal; the app's keyring's Seal): the plaintext columns then
	// hold '{}' and ''. Nil writes them in the clear, which the app reads
	// too and seals on its next start.
	Seal func(plain []byte, record string) ([]byte, error)
}

// Client is a seeded client with an account.
type Client struct {
	ID       int64
	UserID   int64
	Email    string
	Archived bool
}

// Clinician is a seeded clinician and their roster.
type Clinician struct {
	ID      int64
	Email   string
	Clients []Client
}

// Practice says what Seed created, for signing in and choosing pages.
type Practice struct {
	Clinicians []Clinician
	Password   string
	Now        time.Time
	seed       uint64
	library    library
	seal       func(plain []byte, record string) ([]byte, error)
}

// Counts is how many rows a seeding step wrote.
type Counts struct {
	Users, Clients, Assignments, Responses, Submitted, Comments, AuditEvents int
	// CopyTime is the time spent in COPY per table, summed over the
	// streams that ran side by side, and Settle the VACUUM ANALYZE after.
	CopyTime map[string]time.Duration
	Settle   time.Duration
}

func (c *Counts) add(o Counts) {
	if c.CopyTime == nil {
		c.CopyTime = map[string]time.Duration{}
	}
	for k, v := range o.CopyTime {
		c.CopyTime[k] += v
	}
	c.Settle += o.Settle
	c.Users += o.Users
	c.Clients += o.Clients
	c.Assignments += o.Assignments
	c.Responses += o.Responses
	c.Submitted += o.Submitted
	c.Comments += o.Comments
	c.AuditEvents += o.AuditEvents
}

// library is the built-in versions the seed assigns. The library must have
// been synced first (tend seed library, or app.SyncLibrary).
type library struct {
	reflection int64 // worksheet version of the after-intimacy reflection
	inventory  int64 // worksheet version of the aftercare needs inventory
	modules    []int64
	schema     *worksheet.Schema // the reflection's, for normalising answers and flags
}

func loadLibrary(ctx context.Context, pool *pgxpool.Pool) (library, error) {
	var lib library
	rows, err := pool.Query(ctx, `SELECT w.slug, w.current_version_id FROM worksheets w WHERE w.visibility = 'builtin'`)
	if err != nil {
		return lib, fmt.Errorf("read worksheets: %w", err)
	}
	ids, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (struct {
		Slug string
		ID   int64
	}, error) {
		var v struct {
			Slug string
			ID   int64
		}
		err := r.Scan(&v.Slug, &v.ID)
		return v, err
	})
	if err != nil {
		return lib, fmt.Errorf("read worksheets: %w", err)
	}
	for _, v := range ids {
		switch v.Slug {
		case ReflectionSlug:
			lib.reflection = v.ID
		case "aftercare-needs-inventory":
			lib.inventory = v.ID
		}
	}
	if lib.reflection == 0 || lib.inventory == 0 {
		return lib, errors.New("the built-in worksheets are missing: sync the library first (tend seed library)")
	}
	rows, err = pool.Query(ctx, `SELECT current_version_id FROM modules WHERE visibility = 'builtin' ORDER BY slug`)
	if err != nil {
		return lib, fmt.Errorf("read modules: %w", err)
	}
	if lib.modules, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
		return lib, fmt.Errorf("read modules: %w", err)
	}
	if len(lib.modules) == 0 {
		return lib, errors.New("the built-in modules are missing: sync the library first (tend seed library)")
	}
	schemas, err := worksheet.Builtins()
	if err != nil {
		return lib, err
	}
	for i := range schemas {
		if schemas[i].Slug == ReflectionSlug {
			lib.schema = &schemas[i]
		}
	}
	if lib.schema == nil {
		return lib, errors.New("the reflection worksheet is not built in any more")
	}
	return lib, nil
}

// Seed creates spec's practice in an empty, migrated database whose library
// is synced: an admin, the clinicians, their clients (all with accounts, one
// in fifty archived) and WorkPerClient assignments per client with their
// responses, comments and audit events. It then vacuums and analyses the
// tables, as a live database's autovacuum would have.
func Seed(ctx context.Context, pool *pgxpool.Pool, spec Spec) (Practice, Counts, error) {
	if spec.Now.IsZero() {
		spec.Now = time.Now()
	}
	if spec.Workers <= 0 {
		spec.Workers = 2
	}
	p := Practice{Password: spec.Password, Now: spec.Now, seed: spec.Seed, seal: spec.Seal}
	var counts Counts
	ctx, times := timed(ctx)
	lib, err := loadLibrary(ctx, pool)
	if err != nil {
		return p, counts, err
	}
	if spec.Seal != nil {
		var sealed bool
		err := pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM information_schema.columns
			WHERE table_name = 'responses' AND column_name = 'answers_sealed')`).Scan(&sealed)
		if err != nil {
			return p, counts, err
		}
		if !sealed {
			return p, counts, errors.New("spec.Seal is set but the schema has no sealed columns")
		}
	}
	p.library = lib
	hash, err := auth.NewHasher(1).Hash(ctx, spec.Password)
	if err != nil {
		return p, counts, err
	}
	nClients := spec.Clinicians * spec.ClientsPerClinician
	nUsers := 1 + spec.Clinicians + nClients
	userIDs, err := reserve(ctx, pool, "users", nUsers)
	if err != nil {
		return p, counts, err
	}
	clientIDs, err := reserve(ctx, pool, "clients", nClients)
	if err != nil {
		return p, counts, err
	}
	r := mrand.New(mrand.NewPCG(spec.Seed, 1))
	var users, clients [][]any
	joined := spec.Now.AddDate(-2, 0, 0)
	users = append(users, []any{userIDs.take(), "admin@bench.test", "Bench Admin", "admin", hash, true, nil, joined, joined})
	for i := range spec.Clinicians {
		name := fmt.Sprintf("Dr. %s %s", firstNames[r.IntN(len(firstNames))], clinicianLast[r.IntN(len(clinicianLast))])
		cl := Clinician{ID: userIDs.take(), Email: fmt.Sprintf("clinician%03d@bench.test", i+1)}
		users = append(users, []any{cl.ID, cl.Email, name, "clinician", hash, true, spec.Now.Add(-time.Hour), joined, joined})
		p.Clinicians = append(p.Clinicians, cl)
	}
	for i := range p.Clinicians {
		cl := &p.Clinicians[i]
		for j := range spec.ClientsPerClinician {
			n := len(clients) + 1
			c := Client{ID: clientIDs.take(), UserID: userIDs.take(), Email: fmt.Sprintf("client%05d@bench.test", n), Archived: j%50 == 49}
			name := fmt.Sprintf("%s %c.", firstNames[r.IntN(len(firstNames))], lastInitials[r.IntN(len(lastInitials))])
			since := spec.Now.AddDate(0, 0, -200-r.IntN(500))
			var archived any
			if c.Archived {
				archived = spec.Now.AddDate(0, 0, -r.IntN(60))
			}
			users = append(users, []any{c.UserID, c.Email, name, "client", hash, true, spec.Now.Add(-time.Duration(r.IntN(240)) * time.Hour), since, since})
			// last_activity_at is set from the plan once the work is written.
			clients = append(clients, []any{c.ID, cl.ID, name, c.Email, c.UserID, archived, nil, since, since})
			cl.Clients = append(cl.Clients, c)
		}
	}
	if err := copyRows(ctx, pool, "users", []string{"id", "email", "display_name", "role", "password_hash", "active",
		"last_sign_in_at", "created_at", "updated_at"}, users); err != nil {
		return p, counts, err
	}
	if err := copyRows(ctx, pool, "clients", []string{"id", "clinician_id", "display_name", "email", "user_id", "archived_at",
		"last_activity_at", "created_at", "updated_at"}, clients); err != nil {
		return p, counts, err
	}
	counts.Users, counts.Clients = len(users), len(clients)
	work, err := p.writeWork(ctx, pool, 0, spec.Workers, true)
	if err != nil {
		return p, counts, err
	}
	counts.add(work)
	if _, err := pool.Exec(ctx, `UPDATE clients c SET last_activity_at = x.at
		FROM (SELECT client_id, max(updated_at) AS at FROM assignments WHERE status <> 'assigned' GROUP BY client_id) x
		WHERE x.client_id = c.id`); err != nil {
		return p, counts, fmt.Errorf("client activity: %w", err)
	}
	start := time.Now()
	err = Settle(ctx, pool)
	counts.Settle = time.Since(start)
	counts.CopyTime = times.d
	return p, counts, err
}

// AddHistory gives every client rounds more of older, finished work: per
// round, WorkPerClient reviewed reflections and read modules from before
// everything seeded so far, with their responses. AddHistory(ctx, pool, 9)
// makes the assignments and responses, the tables the clinician's pages
// read, ten times the size, while every dashboard shows exactly what it
// showed before: the cost of a page should follow what it shows, not what
// the database holds. Comments and audit events are left out of the older
// rounds: no measured page reads them by size, and writing ten times the
// audit trail would take minutes on a small machine.
func (p *Practice) AddHistory(ctx context.Context, pool *pgxpool.Pool, rounds, workers int) (Counts, error) {
	var total Counts
	ctx, times := timed(ctx)
	for round := 1; round <= rounds; round++ {
		c, err := p.writeWork(ctx, pool, round, workers, false)
		if err != nil {
			return total, err
		}
		total.add(c)
	}
	start := time.Now()
	err := Settle(ctx, pool)
	total.Settle = time.Since(start)
	total.CopyTime = times.d
	return total, err
}

// AddOpenWork gives each client perClient new, undated reflections to fill
// in, and returns their ids per client: fresh work for a load run's submits,
// each of which needs an assignment not yet submitted.
func (p *Practice) AddOpenWork(ctx context.Context, pool *pgxpool.Pool, clients []Client, clinicianID int64, perClient int) ([][]int64, error) {
	n := len(clients) * perClient
	reserved, err := reserve(ctx, pool, "assignments", n)
	if err != nil {
		return nil, err
	}
	created := p.Now.Add(-time.Hour)
	rows := make([][]any, 0, n)
	ids := make([][]int64, len(clients))
	for i, c := range clients {
		for range perClient {
			id := reserved.take()
			rows = append(rows, []any{id, c.ID, clinicianID, "worksheet", nil, p.library.reflection, "", nil, "assigned",
				"none", false, nil, nil, nil, created, created})
			ids[i] = append(ids[i], id)
		}
	}
	if err := copyRows(ctx, pool, "assignments", assignmentCols, rows); err != nil {
		return nil, err
	}
	_, err = pool.Exec(ctx, `ANALYZE assignments`)
	return ids, err
}

// Settle vacuums and analyses the seeded tables. A bulk load leaves the
// planner without statistics and every page unmarked in the visibility map;
// a live database's autovacuum would have dealt with both long before anyone
// measured it.
func Settle(ctx context.Context, pool *pgxpool.Pool) error {
	for _, t := range []string{"users", "clients", "assignments", "responses", "comments", "audit_events"} {
		if _, err := pool.Exec(ctx, `VACUUM (ANALYZE) `+t); err != nil {
			return fmt.Errorf("vacuum %s: %w", t, err)
		}
	}
	return nil
}

var assignmentCols = []string{"id", "client_id", "clinician_id", "kind", "module_version_id", "worksheet_version_id", "note",
	"due_on", "status", "recurrence", "flagged", "read_at", "submitted_at", "reviewed_at", "created_at", "updated_at"}

// writeWork writes one round of work for every client, in chunks of
// clients, each chunk's assignments first and then its responses, comments
// and audit events side by side (comments and audit events only with
// trail). Round 0 is the current work; round n is finished work from n
// periods further back.
func (p *Practice) writeWork(ctx context.Context, pool *pgxpool.Pool, round, workers int, trail bool) (Counts, error) {
	type job struct {
		clinician Clinician
		clients   []Client
	}
	const chunk = 250
	var jobs []job
	for _, cl := range p.Clinicians {
		for i := 0; i < len(cl.Clients); i += chunk {
			jobs = append(jobs, job{cl, cl.Clients[i:min(i+chunk, len(cl.Clients))]})
		}
	}
	var (
		mu    sync.Mutex
		total Counts
	)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(1, workers))
	for _, j := range jobs {
		g.Go(func() error {
			c, err := p.writeChunk(gctx, pool, round, j.clinician, j.clients, trail)
			mu.Lock()
			total.add(c)
			mu.Unlock()
			return err
		})
	}
	return total, g.Wait()
}

func (p *Practice) writeChunk(ctx context.Context, pool *pgxpool.Pool, round int, cl Clinician, clients []Client, trail bool) (Counts, error) {
	var c Counts
	assignmentIDs, err := reserve(ctx, pool, "assignments", len(clients)*WorkPerClient)
	if err != nil {
		return c, err
	}
	var planned []work
	nComments := 0
	for _, client := range clients {
		r := mrand.New(mrand.NewPCG(p.seed, uint64(client.ID)<<8|uint64(round)))
		for _, w := range p.plan(r, round, cl, client) {
			w.id = assignmentIDs.take()
			if !trail {
				w.comment, w.reply = "", ""
			}
			nComments += w.comments()
			planned = append(planned, w)
		}
	}
	// Comment ids are chosen here because a sealed body is bound to its id.
	commentIDs, err := reserve(ctx, pool, "comments", nComments)
	if err != nil {
		return c, err
	}
	var assignments, responses, comments, events [][]any
	for _, w := range planned {
		assignments = append(assignments, w.assignmentRow())
		rows, err := w.responseRows(p.seal)
		if err != nil {
			return c, err
		}
		responses = append(responses, rows...)
		if rows, err = w.commentRows(commentIDs, p.seal); err != nil {
			return c, err
		}
		comments = append(comments, rows...)
		if trail {
			events = append(events, w.auditRows()...)
		}
	}
	if err := copyRows(ctx, pool, "assignments", assignmentCols, assignments); err != nil {
		return c, err
	}
	responseCols := []string{"assignment_id", "answers", "version", "state", "submission_key", "flags", "submitted_at", "created_at", "updated_at"}
	commentCols := []string{"id", "assignment_id", "author_id", "field_id", "body", "private", "created_at"}
	if p.seal != nil {
		responseCols = append(responseCols, "answers_sealed")
		commentCols = append(commentCols, "body_sealed")
	}
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return copyRows(gctx, pool, "responses", responseCols, responses) })
	g.Go(func() error { return copyRows(gctx, pool, "comments", commentCols, comments) })
	g.Go(func() error {
		return copyRows(gctx, pool, "audit_events", []string{"at", "actor_id", "actor_role", "action", "object_type", "object_id",
			"client_id", "ip", "detail"}, events)
	})
	if err := g.Wait(); err != nil {
		return c, err
	}
	c.Assignments, c.Responses, c.Comments, c.AuditEvents = len(assignments), len(responses), len(comments), len(events)
	for _, row := range responses {
		if row[3] == "submitted" {
			c.Submitted++
		}
	}
	return c, nil
}

// work is one planned assignment and what happened to it.
type work struct {
	id                      int64
	schema                  *worksheet.Schema
	client                  Client
	clinicianID             int64
	kind                    string
	moduleVersion           *int64
	worksheetVersion        *int64
	note                    string
	status                  string
	due                     *time.Time
	created, updated        time.Time
	read, submitted, review *time.Time
	answers                 worksheet.Answers
	versions                int // drafts saved before submitting
	comment, reply          string
	privateNote             bool
}

// plan returns one client's assignments for a round. It only draws from r,
// so the same seed, client and round always give the same plan.
func (p *Practice) plan(r *mrand.Rand, round int, cl Clinician, client Client) []work {
	lib := p.library
	now := p.Now
	// Each round covers about 160 days; round n ends n periods before now.
	end := now.AddDate(0, 0, -160*round).Add(-time.Duration(r.IntN(9*24)) * time.Hour)
	newWork := func(kind string, created time.Time) work {
		w := work{schema: lib.schema, client: client, clinicianID: cl.ID, kind: kind, created: created, updated: created, status: "assigned",
			note: notes[r.IntN(len(notes))]}
		if kind == "module" {
			mv := lib.modules[r.IntN(len(lib.modules))]
			w.moduleVersion = &mv
		}
		return w
	}
	out := make([]work, 0, WorkPerClient)
	// Reflections, newest first, every 5 to 14 days going back.
	awaiting := 0
	if round == 0 {
		awaiting = r.IntN(4)
	}
	at := end
	for i := range SubmittedPerClient {
		w := newWork("worksheet", at.Add(-time.Duration(24+r.IntN(5*24))*time.Hour))
		w.worksheetVersion = &lib.reflection
		submitted := at
		w.submitted = &submitted
		w.answers = reflection(r, submitted.Add(-time.Duration(r.IntN(48))*time.Hour), false)
		w.versions = 1 + r.IntN(3)
		w.status, w.updated = "submitted", submitted
		if i >= awaiting {
			reviewed := minTime(now, submitted.Add(time.Duration(12+r.IntN(72))*time.Hour))
			w.review, w.status, w.updated = &reviewed, "reviewed", reviewed
			if r.IntN(2) == 0 {
				w.comment = comments[r.IntN(len(comments))]
				w.privateNote = r.IntN(10) == 0
				if !w.privateNote && r.IntN(5) == 0 {
					w.reply = replies[r.IntN(len(replies))]
				}
			}
		}
		out = append(out, w)
		at = at.Add(-time.Duration(5*24+r.IntN(9*24)) * time.Hour)
	}
	if round > 0 {
		// Finished work only: modules read long ago.
		for range WorkPerClient - SubmittedPerClient {
			w := newWork("module", at.Add(-time.Duration(r.IntN(30*24))*time.Hour))
			read := w.created.Add(time.Duration(1+r.IntN(72)) * time.Hour)
			w.read, w.submitted, w.status, w.updated = &read, &read, "submitted", read
			out = append(out, w)
		}
		return out
	}
	// A module read at the start, a new one, an inventory that is overdue
	// one time in five, and a reflection in draft.
	w := newWork("module", at.Add(-72*time.Hour))
	read := w.created.Add(26 * time.Hour)
	w.read, w.submitted, w.status, w.updated = &read, &read, "submitted", read
	out = append(out, w)
	out = append(out, newWork("module", now.Add(-time.Duration(r.IntN(13*24))*time.Hour)))
	w = newWork("worksheet", now.AddDate(0, 0, -10-r.IntN(30)))
	w.worksheetVersion = &lib.inventory
	due := w.created.AddDate(0, 0, 14).Truncate(24 * time.Hour)
	if r.IntN(5) != 0 {
		due = now.AddDate(0, 0, 3+r.IntN(20)).Truncate(24 * time.Hour)
	}
	w.due = &due
	out = append(out, w)
	w = newWork("worksheet", now.AddDate(0, 0, -1-r.IntN(10)))
	w.worksheetVersion = &lib.reflection
	w.answers = reflection(r, now.AddDate(0, 0, -1), true)
	w.versions = 1 + r.IntN(4)
	w.status, w.updated = "in_progress", now.Add(-time.Duration(1+r.IntN(20))*time.Hour)
	return append(out, w)
}

func (w work) assignmentRow() []any {
	var flagged bool
	if w.submitted != nil && w.answers != nil {
		flagged = len(w.flags()) > 0
	}
	var due any
	if w.due != nil {
		due = *w.due
	}
	return []any{w.id, w.client.ID, w.clinicianID, w.kind, w.moduleVersion, w.worksheetVersion, w.note, due, w.status,
		"none", flagged, w.read, w.submitted, w.review, w.created, w.updated}
}

func (w work) flags() []string { return w.schema.Flags(w.answers) }

// Sealed values are bound to their row the way internal/assignment binds
// them (sealed.go): a response by its assignment's id, a comment by its own.
func responseRecord(assignmentID int64) string { return fmt.Sprintf("responses:%d", assignmentID) }

func commentRecord(id int64) string { return fmt.Sprintf("comments:%d", id) }

type sealFunc = func(plain []byte, record string) ([]byte, error)

func (w work) responseRows(seal sealFunc) ([][]any, error) {
	if w.answers == nil {
		return nil, nil
	}
	clean := w.schema.Normalize(w.answers)
	raw, err := json.Marshal(clean)
	if err != nil {
		return nil, err
	}
	var sealed []byte
	if seal != nil {
		if sealed, err = seal(raw, responseRecord(w.id)); err != nil {
			return nil, err
		}
		raw = []byte("{}")
	}
	var row []any
	if w.submitted == nil {
		row = []any{w.id, raw, w.versions, "draft", nil, []string{}, nil, w.created, w.updated}
	} else {
		flags := w.schema.Flags(clean)
		if flags == nil {
			flags = []string{}
		}
		row = []any{w.id, raw, w.versions, "submitted", newKey(), flags, *w.submitted, w.created, *w.submitted}
	}
	if seal != nil {
		row = append(row, sealed)
	}
	return [][]any{row}, nil
}

func (w work) comments() int {
	switch {
	case w.comment == "":
		return 0
	case w.reply == "":
		return 1
	}
	return 2
}

// commentRows returns the clinician's comment and the client's reply, if
// any, with ids taken from ids.
func (w work) commentRows(ids *idList, seal sealFunc) ([][]any, error) {
	if w.comment == "" {
		return nil, nil
	}
	type c struct {
		author  int64
		body    string
		private bool
		at      time.Time
	}
	list := []c{{w.clinicianID, w.comment, w.privateNote, *w.review}}
	if w.reply != "" {
		list = append(list, c{w.client.UserID, w.reply, false, w.review.Add(20 * time.Hour)})
	}
	rows := make([][]any, 0, len(list))
	for _, cm := range list {
		id := ids.take()
		if seal == nil {
			rows = append(rows, []any{id, w.id, cm.author, "", cm.body, cm.private, cm.at})
			continue
		}
		sealed, err := seal([]byte(cm.body), commentRecord(id))
		if err != nil {
			return nil, err
		}
		rows = append(rows, []any{id, w.id, cm.author, "", "", cm.private, cm.at, sealed})
	}
	return rows, nil
}

const seedIP = "192.0.2.10" // TEST-NET-1: a documentation address, never routed

func (w work) auditRows() [][]any {
	clinician := func(at time.Time, action, detail string) []any {
		return []any{at, w.clinicianID, "clinician", action, "assignment", w.id, w.client.ID, seedIP, detail}
	}
	client := func(at time.Time, action, detail string) []any {
		return []any{at, w.client.UserID, "client", action, "assignment", w.id, w.client.ID, seedIP, detail}
	}
	rows := [][]any{clinician(w.created, "assignment_created", w.kind)}
	switch {
	case w.read != nil:
		rows = append(rows, client(*w.read, "assignment_changed", "read"))
	case w.submitted != nil:
		for i := 1; i < w.versions; i++ {
			rows = append(rows, client(w.submitted.Add(-time.Duration(i)*time.Hour), "reflection_saved", ""))
		}
		rows = append(rows, client(*w.submitted, "reflection_submitted", ""))
	case w.answers != nil:
		rows = append(rows, client(w.updated, "reflection_saved", ""))
	}
	if w.review != nil {
		rows = append(rows, clinician(w.review.Add(-time.Hour), "reflection_read", ""))
		if w.comment != "" {
			rows = append(rows, clinician(*w.review, "comment_added", ""))
		}
		rows = append(rows, clinician(*w.review, "assignment_changed", "reviewed"))
	}
	return rows
}

// idList is ids taken from a table's sequence, handed out in order.
type idList struct {
	ids  []int64
	next int
}

func (l *idList) take() int64 {
	id := l.ids[l.next]
	l.next++
	return id
}

// reserve takes n ids from table's sequence, one nextval each, so that
// chunks written side by side, or the app inserting meanwhile, never get the
// same id (the ids need not be consecutive).
func reserve(ctx context.Context, pool *pgxpool.Pool, table string, n int) (*idList, error) {
	rows, err := pool.Query(ctx, `SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)`, table, n)
	if err != nil {
		return nil, fmt.Errorf("reserve %s ids: %w", table, err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("reserve %s ids: %w", table, err)
	}
	return &idList{ids: ids}, nil
}

func copyRows(ctx context.Context, pool *pgxpool.Pool, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if t, ok := ctx.Value(copyTimesKey{}).(*copyTimes); ok {
		start := time.Now()
		defer func() { t.add(table, time.Since(start)) }()
	}
	n, err := pool.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
	if err != nil {
		return fmt.Errorf("copy %s: %w", table, err)
	}
	if int(n) != len(rows) {
		return fmt.Errorf("copy %s: wrote %d of %d rows", table, n, len(rows))
	}
	return nil
}

func newKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// copyTimes collects COPY durations per table for Counts.CopyTime.
type copyTimes struct {
	mu sync.Mutex
	d  map[string]time.Duration
}

type copyTimesKey struct{}

func (t *copyTimes) add(table string, d time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.d[table] += d
}

// timed returns a context that collects COPY times, and the map they go to.
func timed(ctx context.Context) (context.Context, *copyTimes) {
	t := &copyTimes{d: map[string]time.Duration{}}
	return context.WithValue(ctx, copyTimesKey{}, t), t
}
