package assignment

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/worksheet"
)

// RaisedFlag is a flag a submission raised, as stored: the rule's finding
// and, for an urgent one, who acknowledged it and when. Flags are the
// clinician's triage: no client-facing view ever carries them.
type RaisedFlag struct {
	worksheet.Flag
	ID              int64
	AssignmentID    int64
	ResponseVersion int
	RaisedAt        time.Time
	AcknowledgedAt  *time.Time
	AcknowledgedBy  string
}

// Open reports whether the flag is urgent and nobody has acknowledged it yet.
func (f RaisedFlag) Open() bool { return f.Urgent() && f.AcknowledgedAt == nil }

func flagRecord(assignmentID int64, fieldID string) string {
	return "flags:" + strconv.FormatInt(assignmentID, 10) + ":" + fieldID
}

// storeFlags records the flags one submission raised. The value shown with
// a flag is the client's answer, so it is sealed like the answers.
func (s *Service) storeFlags(tx *gorm.DB, assignmentID int64, version int, flags []worksheet.Flag) error {
	for _, f := range flags {
		sealed, err := s.seal([]byte(f.Value), flagRecord(assignmentID, f.FieldID))
		if err != nil {
			return err
		}
		err = tx.Exec(`INSERT INTO flags (assignment_id, field_id, field_label, severity, reason, value_sealed, response_version)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, assignmentID, f.FieldID, f.FieldLabel, f.Severity, f.Reason, sealed, version).Error
		if err != nil {
			return fmt.Errorf("store flag: %w", err)
		}
	}
	return nil
}

// flagsOf loads the flags worth showing for each of the given assignments:
// those the latest submission raised, and any urgent flag still waiting for
// acknowledgement from an earlier one. Ownership is the caller's: it passes
// only ids it loaded through a scoped query.
func (s *Service) flagsOf(ctx context.Context, ids []int64) (map[int64][]RaisedFlag, error) {
	out := map[int64][]RaisedFlag{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		RaisedFlag
		ValueSealed []byte
	}
	err := s.db.WithContext(ctx).Raw(`SELECT f.id, f.assignment_id, f.field_id, f.field_label, f.severity, f.reason, f.value_sealed,
			f.response_version, f.raised_at, f.acknowledged_at, COALESCE(NULLIF(u.display_name, ''), u.email, '') AS acknowledged_by
		FROM flags f
		JOIN responses r ON r.assignment_id = f.assignment_id
		LEFT JOIN users u ON u.id = f.acknowledged_by
		WHERE f.assignment_id IN ? AND (f.response_version = r.version OR (f.severity = 'urgent' AND f.acknowledged_at IS NULL))
		ORDER BY f.assignment_id, f.response_version DESC, f.id`, ids).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("load flags: %w", err)
	}
	for _, r := range rows {
		f := r.RaisedFlag
		if r.ValueSealed != nil {
			v, err := s.openText(r.ValueSealed, flagRecord(f.AssignmentID, f.FieldID))
			if err != nil {
				return nil, err
			}
			f.Value = v
		}
		out[f.AssignmentID] = append(out[f.AssignmentID], f)
	}
	for id := range out {
		slices.SortStableFunc(out[id], func(a, b RaisedFlag) int { return severityRank(a.Severity) - severityRank(b.Severity) })
	}
	return out, nil
}

func severityRank(s string) int { return slices.Index(worksheet.Severities, s) }

func (s *Service) openText(sealed []byte, record string) (string, error) {
	if s.keys == nil {
		return "", ErrNoKeys
	}
	b, err := s.keys.Open(sealed, record)
	if err != nil {
		return "", fmt.Errorf("open %s: %w", record, err)
	}
	return string(b), nil
}

// Acknowledge records that the clinician has seen the assignment's urgent
// flags: they leave the dashboard's "Urgent" section. Audited in the same
// transaction. Acknowledging twice is harmless.
func (s *Service) Acknowledge(ctx context.Context, actor auth.Actor, id int64) error {
	if actor.Role != auth.RoleClinician {
		return ErrNotFound
	}
	a, err := s.Get(ctx, actor, id)
	if err != nil {
		return err
	}
	return database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		res := tx.Exec(`UPDATE flags SET acknowledged_at = now(), acknowledged_by = ?
			WHERE assignment_id = ? AND severity = 'urgent' AND acknowledged_at IS NULL`, actor.UserID, a.ID)
		if res.Error != nil {
			return fmt.Errorf("acknowledge flags: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return nil
		}
		return s.audit.RecordTx(ctx, tx, actor, audit.FlagAcknowledged, "assignment", a.ID, a.ClientID,
			strconv.FormatInt(res.RowsAffected, 10)+" urgent")
	})
}

// Answers returns the first flag of each question, for showing each
// triggering answer once ("Upset 9/10 · wants to talk") when two rules
// fired on the same question.
func Answers(flags []RaisedFlag) []RaisedFlag {
	var out []RaisedFlag
	seen := map[string]bool{}
	for _, f := range flags {
		if f.FieldID != "" && seen[f.FieldID] {
			continue
		}
		seen[f.FieldID] = true
		out = append(out, f)
	}
	return out
}
