package web

import (
	"encoding/csv"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/i18n"
)

type adminAuditPage struct {
	Page
	Events  []auditEventView
	Actions []auditAction
	Action  string
	Person  string
	Client  string
	From    string
	To      string
	Error   string
	// Query is the filter as a query string (no "before"), for the next
	// page and the CSV link.
	Query    string
	Filtered bool
	CSVURL   string
	NextURL  string
}

// maxAuditCSV caps one CSV export; a narrower filter gets the rest.
const maxAuditCSV = 10000

// auditFilter reads the filter fields of the audit log. Dates are days in
// the viewer's zone; "to" includes its whole day.
func auditFilter(c *gin.Context, tr *i18n.Localizer, zone *time.Location, data *adminAuditPage) (audit.Filter, error) {
	data.Action = strings.TrimSpace(c.Query("action"))
	data.Person = strings.TrimSpace(c.Query("person"))
	data.Client = strings.TrimSpace(c.Query("client"))
	data.From = strings.TrimSpace(c.Query("from"))
	data.To = strings.TrimSpace(c.Query("to"))
	q := url.Values{}
	for k, v := range map[string]string{"action": data.Action, "person": data.Person, "client": data.Client, "from": data.From, "to": data.To} {
		if v != "" {
			q.Set(k, v)
		}
	}
	data.Query = q.Encode()
	data.Filtered = data.Query != ""
	data.CSVURL = "/admin/audit?" + joinQuery(data.Query, "format=csv")
	f := audit.Filter{Action: data.Action, Person: data.Person, Limit: 50}
	if data.Client != "" {
		id, err := strconv.ParseInt(strings.TrimPrefix(data.Client, "#"), 10, 64)
		if err != nil || id <= 0 {
			return f, errors.New(tr.T("admin.audit.bad_client"))
		}
		f.ClientID = id
	}
	if data.From != "" {
		d, err := time.ParseInLocation("2006-01-02", data.From, zone)
		if err != nil {
			return f, errors.New(tr.T("admin.audit.bad_from"))
		}
		f.Since = d
	}
	if data.To != "" {
		d, err := time.ParseInLocation("2006-01-02", data.To, zone)
		if err != nil {
			return f, errors.New(tr.T("admin.audit.bad_to"))
		}
		f.Until = d.AddDate(0, 0, 1)
	}
	if !f.Since.IsZero() && !f.Until.IsZero() && !f.Since.Before(f.Until) {
		return f, errors.New(tr.T("admin.audit.bad_range"))
	}
	return f, nil
}

// GET /admin/audit (?action=, ?person=, ?client=, ?from=, ?to=, ?before=
// for the next page, ?format=csv for the whole filtered log as CSV)
func (s *Server) adminAudit(c *gin.Context) {
	tr := s.tr(c)
	data := adminAuditPage{Page: s.page(c, tr.T("admin.audit.title")), Actions: auditActions(tr)}
	f, ferr := auditFilter(c, tr, data.Zone, &data)
	if ferr != nil {
		data.Error = ferr.Error()
		s.render(c, http.StatusUnprocessableEntity, "admin/audit", data)
		return
	}
	if c.Query("format") == "csv" {
		s.adminAuditCSV(c, f, data.Query)
		return
	}
	f.Before, _ = strconv.ParseInt(c.Query("before"), 10, 64)
	events, err := s.Audit.ListForAdmin(c.Request.Context(), f, s.mayReadClient(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	data.Events = make([]auditEventView, len(events))
	for i, e := range events {
		data.Events[i] = auditEventView{Event: e, Words: auditWords(tr, e)}
	}
	if len(events) == f.Limit {
		data.NextURL = "/admin/audit?" + joinQuery(data.Query, fmt.Sprintf("before=%d", events[len(events)-1].ID))
	}
	s.render(c, http.StatusOK, "admin/audit", data)
}

// adminAuditCSV writes the filtered log, as the administrator may see it
// (ForAdmin), as CSV, and records the export.
func (s *Server) adminAuditCSV(c *gin.Context, f audit.Filter, query string) {
	ctx := c.Request.Context()
	mayRead := s.mayReadClient(c)
	var events []audit.Event
	f.Limit = 200
	for len(events) < maxAuditCSV {
		page, err := s.Audit.ListForAdmin(ctx, f, mayRead)
		if err != nil {
			s.fail(c, err)
			return
		}
		events = append(events, page...)
		if len(page) < f.Limit {
			break
		}
		f.Before = page[len(page)-1].ID
	}
	s.Audit.Record(ctx, actor(c), audit.AuditExported, "audit_log", 0, 0, fmt.Sprintf("%d events; filter: %s", len(events), query))
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", `attachment; filename="audit-log.csv"`)
	c.Status(http.StatusOK)
	w := csv.NewWriter(c.Writer)
	_ = w.Write([]string{"When (UTC)", "Who", "Role", "Event", "What happened", "Record", "Client", "From"})
	for _, e := range events {
		record, client := "", ""
		if e.ObjectID != nil {
			record = fmt.Sprintf("%s #%d", e.ObjectType, *e.ObjectID)
		}
		if e.ClientID != nil {
			client = fmt.Sprintf("#%d", *e.ClientID)
		}
		row := []string{e.At.UTC().Format(time.RFC3339), e.Who(), e.ActorRole, e.Action, e.Words(), record, client, e.IP}
		for i := range row {
			row[i] = csvCell(row[i])
		}
		if err := w.Write(row); err != nil {
			s.Log.Warn("audit csv", "err", err)
			return
		}
	}
	w.Flush()
}

func joinQuery(q, more string) string {
	if q == "" {
		return more
	}
	return q + "&" + more
}

// csvCell keeps a spreadsheet from reading a cell as a formula: a cell
// that starts with = + - @ (or a tab or carriage return) gets an apostrophe.
func csvCell(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

// mayReadClient reports, per client, whether the acting administrator has
// an open break-glass grant for them (asked once per client per request).
func (s *Server) mayReadClient(c *gin.Context) func(clientID int64) bool {
	ctx, a := c.Request.Context(), actor(c)
	open := map[int64]bool{}
	return func(clientID int64) bool {
		if v, ok := open[clientID]; ok {
			return v
		}
		_, err := s.BreakGlass.Active(ctx, a, clientID)
		open[clientID] = err == nil
		return err == nil
	}
}
