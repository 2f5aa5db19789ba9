package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime/metrics"
	"strconv"
	"syscall"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5/pgxpool"
)

// The floor page is what the dashboard would cost with nothing but its
// rows: a plain Gin handler, no middleware and no session, one query for
// the rows the review queue shows first (the clinician's submissions to
// review, then open work by due date; client, item, dates, status), one
// html/template render of them. `make bench` serves it from its own
// process (tendbench floor) on the same database and loads it like the
// dashboard, so the dashboard's throughput and CPU have a ratio to a floor
// measured in the same minute on the same machine.
const floorQuery = `SELECT a.id, a.client_id, c.display_name, COALESCE(wv.title, mv.title, '') AS title, a.status,
		a.flagged, a.submitted_at, a.due_on
	FROM assignments a
	JOIN clients c ON c.id = a.client_id AND c.clinician_id = a.clinician_id
	LEFT JOIN worksheet_versions wv ON wv.id = a.worksheet_version_id
	LEFT JOIN module_versions mv ON mv.id = a.module_version_id
	WHERE a.clinician_id = $1 AND c.archived_at IS NULL AND a.withdrawn_at IS NULL
	  AND ((a.status = 'submitted' AND a.kind = 'worksheet') OR a.status IN ('assigned', 'in_progress'))
	ORDER BY (a.status = 'submitted') DESC, a.flagged DESC, a.submitted_at, a.due_on NULLS LAST, a.id
	LIMIT 25`

var floorPage = template.Must(template.New("floor").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Review queue</title></head>
<body><main><h1>Review queue</h1>
<table class="queue"><thead><tr><th>Client</th><th>Item</th><th>Submitted or due</th><th>Status</th></tr></thead><tbody>
{{range .}}<tr class="{{if .Flagged}}flagged{{end}}"><td><a href="/clinician/clients/{{.ClientID}}">{{.Client}}</a></td>
<td><a href="/clinician/assignments/{{.ID}}">{{.Title}}</a></td>
<td>{{if .SubmittedAt}}<time datetime="{{.SubmittedAt.UTC.Format "2006-01-02T15:04:05Z"}}">{{.SubmittedAt.Format "2 Jan 2006, 15:04"}}</time>{{else if .DueOn}}due {{.DueOn.Format "2 Jan 2006"}}{{end}}</td>
<td>{{.Status}}</td></tr>
{{end}}</tbody></table></main></body></html>`))

type floorRow struct {
	ID, ClientID  int64
	Client, Title string
	Status        string
	Flagged       bool
	SubmittedAt   *time.Time
	DueOn         *time.Time
}

// FloorHandler is the floor page for one clinician over pool.
func FloorHandler(pool *pgxpool.Pool, clinicianID int64) http.Handler {
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.GET("/floor", func(c *gin.Context) {
		rows, err := pool.Query(c.Request.Context(), floorQuery, clinicianID)
		if err != nil {
			c.String(http.StatusInternalServerError, err.Error())
			return
		}
		var out []floorRow
		for rows.Next() {
			var r floorRow
			if err := rows.Scan(&r.ID, &r.ClientID, &r.Client, &r.Title, &r.Status, &r.Flagged, &r.SubmittedAt, &r.DueOn); err != nil {
				rows.Close()
				c.String(http.StatusInternalServerError, err.Error())
				return
			}
			out = append(out, r)
		}
		if err := rows.Err(); err != nil {
			c.String(http.StatusInternalServerError, err.Error())
			return
		}
		var buf bytes.Buffer
		if err := floorPage.Execute(&buf, out); err != nil {
			c.String(http.StatusInternalServerError, err.Error())
			return
		}
		c.Data(http.StatusOK, "text/html; charset=utf-8", buf.Bytes())
	})
	// The process's allocations so far, for allocations per request.
	e.GET("/allocs", func(c *gin.Context) { c.String(http.StatusOK, strconv.FormatUint(HeapAllocs(), 10)) })
	e.GET("/readyz", func(c *gin.Context) { c.String(http.StatusOK, "ok") })
	return e
}

// HeapAllocs is the number of heap objects this process has allocated.
func HeapAllocs() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:objects"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// ServeFloor serves the floor page on addr until ctx ends, with at most
// conns database connections (the app's TEND_DB_MAX_CONNS).
func ServeFloor(ctx context.Context, dbURL string, clinicianID int64, addr string, conns int) error {
	cfg, err := pgxpool.ParseConfig(dbURL)
	if err != nil {
		return fmt.Errorf("floor database URL: %w", err)
	}
	cfg.MaxConns = int32(max(1, conns))
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("floor pool: %w", err)
	}
	defer pool.Close()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: FloorHandler(pool, clinicianID), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
	}()
	if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// StartFloor runs `exe floor` (tendbench's floor mode, ServeFloor) as a
// process of its own, so that its CPU is measured apart from the load
// generator's, and waits until it answers.
func StartFloor(ctx context.Context, exe, dbURL string, clinicianID int64, conns int, logPath string) (*Server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, "floor", "-db-url", dbURL, "-clinician", strconv.FormatInt(clinicianID, 10),
		"-listen", addr, "-conns", strconv.Itoa(conns))
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("start the floor: %w", err)
	}
	s := &Server{URL: "http://" + addr, cmd: cmd, done: make(chan struct{}), stop: make(chan struct{})}
	go func() {
		s.err = cmd.Wait()
		logFile.Close()
		close(s.done)
	}()
	probe := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if time.Now().After(deadline) {
			s.Stop()
			return nil, fmt.Errorf("the floor did not answer within 30 s; see %s", logPath)
		}
		select {
		case <-s.done:
			return nil, fmt.Errorf("the floor exited: %v; see %s", s.err, logPath)
		case <-ctx.Done():
			s.Stop()
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if res, err := probe.Get(s.URL + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
	}
	go s.sample()
	return s, nil
}

// RemoteAllocs reads a floor process's allocation count (its /allocs).
func RemoteAllocs(base string) (uint64, error) {
	res, err := http.Get(base + "/allocs")
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return 0, err
	}
	return strconv.ParseUint(string(b), 10, 64)
}
