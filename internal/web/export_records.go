package web

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/handout"
	"github.com/tend-practice/tend/internal/worksheet"
)

// GET /me/export: everything a client has done here, as they see it.
func (s *Server) exportMine(c *gin.Context) {
	s.exportRecords(c, actor(c), 0)
}

// GET /clinician/clients/:id/export: one client's record for a records
// request or a referral: the client's view plus flags and, marked as such,
// the clinician's private notes.
func (s *Server) exportClient(c *gin.Context) {
	id, ok := s.idParam(c)
	if !ok {
		return
	}
	if _, err := s.Clients.Get(c.Request.Context(), actor(c), id); err != nil {
		s.fail(c, err)
		return
	}
	s.exportRecords(c, actor(c), id)
}

// exportedRecord is one assignment in answers.json.
type exportedRecord struct {
	ID          int64               `json:"id"`
	Kind        string              `json:"kind"`
	Slug        string              `json:"slug"`
	Title       string              `json:"title"`
	Status      string              `json:"status"`
	Note        string              `json:"note,omitempty"`
	AssignedAt  time.Time           `json:"assigned_at"`
	DueOn       string              `json:"due_on,omitempty"`
	SubmittedAt *time.Time          `json:"submitted_at,omitempty"`
	ReviewedAt  *time.Time          `json:"reviewed_at,omitempty"`
	PDF         string              `json:"pdf"`
	Answers     worksheet.Answers   `json:"answers,omitempty"`
	Flags       []string            `json:"flags,omitempty"`
	Comments    []exportedComment   `json:"comments,omitempty"`
	Fields      []exportedFieldName `json:"fields,omitempty"`
}

type exportedComment struct {
	Author  string    `json:"author"`
	At      time.Time `json:"at"`
	FieldID string    `json:"field_id,omitempty"`
	Body    string    `json:"body"`
	Private bool      `json:"private,omitempty"`
}

type exportedFieldName struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// exportRecords streams a ZIP of the assignments a may see for clientID:
// one PDF each (printed by the handout code, as this viewer sees it) and
// answers.json. Entries are written to the response as they are made; only
// one PDF at a time is in memory.
func (s *Server) exportRecords(c *gin.Context, a auth.Actor, clientID int64) {
	ctx := c.Request.Context()
	list, err := s.Assignments.AllForClient(ctx, a, clientID)
	if err != nil {
		s.fail(c, err)
		return
	}
	support, _, err := s.printedSupport(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if clientID == 0 {
		clientID = a.ClientID
	}
	s.Audit.Record(ctx, a, audit.RecordsExported, "client", clientID, clientID, fmt.Sprintf("%d assignments", len(list)))
	c.Header("Cache-Control", "no-store")
	c.Header("Content-Type", "application/zip")
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="records-%s.zip"`, s.Now().Format("2006-01-02")))
	c.Status(http.StatusOK)
	zw := zip.NewWriter(c.Writer)
	records := make([]exportedRecord, 0, len(list))
	var notes strings.Builder
	for _, as := range list {
		rec, err := s.exportOne(c, zw, a, as, support, &notes)
		if err != nil {
			// Half a ZIP has gone out: cut the connection rather than end
			// it as if complete.
			s.Log.Error("export records", "assignment", as.ID, "err", err)
			panic(http.ErrAbortHandler)
		}
		records = append(records, rec)
	}
	if err := s.exportTail(zw, a, records, notes.String()); err != nil {
		s.Log.Error("export records", "err", err)
		panic(http.ErrAbortHandler)
	}
}

func (s *Server) exportOne(c *gin.Context, zw *zip.Writer, a auth.Actor, as assignment.Assignment, support *handout.Support, notes *strings.Builder) (exportedRecord, error) {
	ctx := c.Request.Context()
	rec := exportedRecord{ID: as.ID, Kind: as.Kind, Slug: as.Slug, Title: as.Title, Status: as.Status, Note: as.Note,
		AssignedAt: as.CreatedAt, SubmittedAt: as.SubmittedAt, ReviewedAt: as.ReviewedAt,
		PDF: fmt.Sprintf("%ss/%d-%s.pdf", as.Kind, as.ID, as.Slug)}
	if as.DueOn != nil {
		rec.DueOn = as.DueOn.Format("2006-01-02")
	}
	v, err := s.Assignments.ViewFor(ctx, a, as)
	if err != nil {
		return rec, err
	}
	var buf bytes.Buffer
	if err := s.assignmentPDF(c, v, support, &buf); err != nil {
		return rec, fmt.Errorf("pdf: %w", err)
	}
	w, err := zw.Create(rec.PDF)
	if err != nil {
		return rec, err
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return rec, err
	}
	if v.Worksheet == nil {
		return rec, nil
	}
	for _, sec := range v.Worksheet.Schema.Sections {
		for _, f := range sec.Fields {
			rec.Fields = append(rec.Fields, exportedFieldName{ID: f.ID, Label: f.Label})
		}
	}
	// The view holds what this viewer may see: for a client, no flags.
	rec.Answers = v.Response.Answers
	if assignment.Staff(a) {
		for _, f := range v.Flags {
			rec.Flags = append(rec.Flags, f.Reason)
		}
	}
	for _, cm := range v.Comments {
		rec.Comments = append(rec.Comments, exportedComment{Author: cm.AuthorName, At: cm.CreatedAt, FieldID: cm.FieldID, Body: cm.Body, Private: cm.Private})
		if cm.Private {
			fmt.Fprintf(notes, "%s, %s (%s, %s):\n%s\n\n", as.Title, rec.PDF, cm.AuthorName, cm.CreatedAt.Format("2 Jan 2006 15:04"), cm.Body)
		}
	}
	return rec, nil
}

const exportReadme = `This archive holds the records exported from %s on %s.

answers.json   every assignment: what it was, its status and dates, the
               answers given and the comments on them.
modules/       each reading, as a PDF handout.
worksheets/    each worksheet, as completed, as a PDF.
`

const exportReadmeClinician = `private-notes.txt  the clinician's private notes. PRIVATE: the client never
                   saw these; they are marked "private": true in answers.json.
`

func (s *Server) exportTail(zw *zip.Writer, a auth.Actor, records []exportedRecord, notes string) error {
	w, err := zw.Create("answers.json")
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(struct {
		ExportedAt  time.Time        `json:"exported_at"`
		Assignments []exportedRecord `json:"assignments"`
	}{s.Now().UTC(), records}); err != nil {
		return err
	}
	readme := fmt.Sprintf(exportReadme, s.PracticeName, s.Now().Format("2 January 2006"))
	if a.Role == auth.RoleClinician {
		readme += exportReadmeClinician
		w, err := zw.Create("private-notes.txt")
		if err != nil {
			return err
		}
		if notes == "" {
			notes = "No private notes.\n"
		}
		if _, err := w.Write([]byte("PRIVATE NOTES: never shown to the client.\n\n" + notes)); err != nil {
			return err
		}
	}
	if w, err = zw.Create("README.txt"); err != nil {
		return err
	}
	if _, err := w.Write([]byte(readme)); err != nil {
		return err
	}
	return zw.Close()
}
