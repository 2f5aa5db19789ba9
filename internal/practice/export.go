package practice

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
)

// ExportFormat names the practice export's format (docs/operations.md).
const ExportFormat = "tend-practice-export/1"

// Line is one line of the export: a header, a record, or the closing counts.
type Line struct {
	Type       string          `json:"type"`
	Format     string          `json:"format,omitempty"`
	ExportedAt *time.Time      `json:"exported_at,omitempty"`
	Record     json.RawMessage `json:"record,omitempty"`
	Counts     map[string]int  `json:"counts,omitempty"`
}

// exportTables are the record types in the order they are written, with the
// query giving each row as JSON. Password hashes, two-step secrets, token
// hashes and sessions are never exported.
var exportTables = []struct{ typ, query string }{
	{"user", `SELECT row_to_json(t)::text, NULL::bytea, NULL::bytea, 0::bigint FROM (SELECT id, email, display_name, role, active,
		time_zone, reminders_opt_out, digest_opt_in, last_sign_in_at, created_at, updated_at FROM users ORDER BY id) t`},
	{"client", `SELECT row_to_json(t)::text, NULL::bytea, NULL::bytea, 0::bigint FROM (SELECT id, clinician_id, display_name, email, user_id,
		archived_at, closed_at, closed_reason, retention_hold, reflections_deleted_at, created_at, updated_at FROM clients ORDER BY id) t`},
	{"assignment", `SELECT row_to_json(t)::text, NULL::bytea, NULL::bytea, 0::bigint FROM (SELECT a.id, a.client_id, a.clinician_id, a.kind,
		COALESCE(m.slug, w.slug) AS slug, COALESCE(mv.version, wv.version) AS version, COALESCE(mv.title, wv.title) AS title,
		a.note, a.due_on, a.status, a.recurrence, a.recur_until, a.previous_id, a.flagged, a.read_at, a.submitted_at,
		a.reviewed_at, a.created_at, a.updated_at
		FROM assignments a
		LEFT JOIN module_versions mv ON mv.id = a.module_version_id LEFT JOIN modules m ON m.id = mv.module_id
		LEFT JOIN worksheet_versions wv ON wv.id = a.worksheet_version_id LEFT JOIN worksheets w ON w.id = wv.worksheet_id
		ORDER BY a.id) t`},
	{"response", `SELECT row_to_json(t)::text, r.answers_sealed, convert_to(r.answers::text, 'UTF8'), r.assignment_id
		FROM responses r JOIN LATERAL (SELECT r.id, r.assignment_id, r.version, r.state, r.flags, r.submitted_at,
		r.created_at, r.updated_at) t ON true ORDER BY r.id`},
	{"comment", `SELECT row_to_json(t)::text, c.body_sealed, convert_to(c.body, 'UTF8'), c.id
		FROM comments c JOIN LATERAL (SELECT c.id, c.assignment_id, c.author_id, c.field_id, c.private, c.created_at) t ON true
		ORDER BY c.id`},
	{"audit_event", `SELECT row_to_json(t)::text, NULL::bytea, NULL::bytea, 0::bigint FROM (SELECT id, at, actor_id, actor_role, action,
		object_type, object_id, client_id, ip, detail FROM audit_events ORDER BY id) t`},
}

// Export writes the whole practice as JSON lines to w, row by row as the
// database returns them (nothing is held whole), and returns how many
// records of each type it wrote. Answers and comments are unsealed. The
// export is audited before it starts.
func (s *Service) Export(ctx context.Context, a auth.Actor, w io.Writer, now time.Time) (map[string]int, error) {
	if a.Role != auth.RoleAdmin {
		return nil, ErrForbidden
	}
	if err := s.audit.RecordTx(ctx, s.db, a, audit.PracticeExported, "practice", 1, 0, ""); err != nil {
		return nil, err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	at := now.UTC()
	if err := enc.Encode(Line{Type: "export", Format: ExportFormat, ExportedAt: &at}); err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for _, tbl := range exportTables {
		n, err := s.exportTable(ctx, enc, tbl.typ, tbl.query)
		if err != nil {
			return counts, fmt.Errorf("export %ss: %w", tbl.typ, err)
		}
		counts[tbl.typ] = n
	}
	if err := enc.Encode(Line{Type: "end", Counts: counts}); err != nil {
		return counts, err
	}
	return counts, bw.Flush()
}

func (s *Service) exportTable(ctx context.Context, enc *json.Encoder, typ, query string) (int, error) {
	rows, err := s.db.WithContext(ctx).Raw(query).Rows()
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var (
			rec           string
			sealed, plain []byte
			recordID      int64
		)
		if err := rows.Scan(&rec, &sealed, &plain, &recordID); err != nil {
			return n, err
		}
		out := json.RawMessage(rec)
		switch typ {
		case "response":
			answers, err := s.opener.OpenAnswersJSON(recordID, sealed, plain)
			if err != nil {
				return n, err
			}
			if out, err = withField(rec, "answers", json.RawMessage(answers)); err != nil {
				return n, err
			}
		case "comment":
			body, err := s.opener.OpenComment(recordID, sealed, string(plain))
			if err != nil {
				return n, err
			}
			if out, err = withField(rec, "body", body); err != nil {
				return n, err
			}
		}
		if err := enc.Encode(Line{Type: typ, Record: out}); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

func withField(rec, key string, v any) (json.RawMessage, error) {
	var m map[string]any
	if err := json.Unmarshal([]byte(rec), &m); err != nil {
		return nil, err
	}
	m[key] = v
	return json.Marshal(m)
}

// ReadExport reads an export back and counts its records by type, checking
// the header and the closing counts: what a system importing it would do
// first. It returns every record, by type, for inspection.
func ReadExport(r io.Reader) (map[string][]json.RawMessage, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	out := map[string][]json.RawMessage{}
	var header, end bool
	for sc.Scan() {
		var l Line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return nil, fmt.Errorf("line %d: %w", len(out)+1, err)
		}
		switch l.Type {
		case "export":
			if l.Format != ExportFormat {
				return nil, fmt.Errorf("unknown export format %q", l.Format)
			}
			header = true
		case "end":
			for typ, n := range l.Counts {
				if len(out[typ]) != n {
					return nil, fmt.Errorf("%s: %d records, the export says %d", typ, len(out[typ]), n)
				}
			}
			end = true
		default:
			out[l.Type] = append(out[l.Type], l.Record)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if !header || !end {
		return nil, fmt.Errorf("export is incomplete (header %v, end %v)", header, end)
	}
	return out, nil
}
