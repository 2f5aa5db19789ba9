package assignment

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/worksheet"
)

// Response is a client's answers to a worksheet assignment.
type Response struct {
	ID          int64
	Answers     worksheet.Answers
	Version     int
	State       string
	Flags       []string
	SubmittedAt *time.Time
	UpdatedAt   time.Time
}

// responseRow is a responses row as Response and ReadAsPartner read it
// (responseCols); its answers are opened separately, once the caller knows
// they may be.
type responseRow struct {
	ID            int64
	AssignmentID  int64
	Answers       []byte
	AnswersSealed []byte
	Version       int
	State         string
	FlagsJSON     []byte
	SubmittedAt   *time.Time
	UpdatedAt     time.Time
}

// responseCols selects a responseRow from responses r.
const responseCols = `r.id, r.assignment_id, r.answers, r.answers_sealed, r.version, r.state,
	to_json(r.flags) AS flags_json, r.submitted_at, r.updated_at`

// response is the row without its answers.
func (row responseRow) response() Response {
	r := Response{ID: row.ID, Version: row.Version, State: row.State, SubmittedAt: row.SubmittedAt, UpdatedAt: row.UpdatedAt}
	if row.ID != 0 {
		_ = json.Unmarshal(row.FlagsJSON, &r.Flags)
	}
	return r
}

// Response returns the answers for an assignment the actor owns; a missing
// response is the zero Response (version 0). A clinician gets the answers
// only once they are submitted: a draft is the client's until they share
// it, on every page, API view and printout alike. Each read of a submitted
// reflection by anyone but its author is audited.
func (s *Service) Response(ctx context.Context, actor auth.Actor, a Assignment) (Response, error) {
	var row responseRow
	cond, args := ownerRule(actor)
	err := s.db.WithContext(ctx).Raw(`SELECT `+responseCols+`
		FROM responses r JOIN assignments a ON a.id = r.assignment_id
		WHERE r.assignment_id = ? AND `+cond, append([]any{a.ID}, args...)...).Scan(&row).Error
	if err != nil {
		return Response{}, fmt.Errorf("get response: %w", err)
	}
	r := row.response()
	if row.ID == 0 {
		return r, nil
	}
	if actor.Role != auth.RoleClient && r.State != "submitted" {
		return r, nil
	}
	if r.Answers, err = s.openAnswers(row.AssignmentID, row.AnswersSealed, row.Answers); err != nil {
		return Response{}, err
	}
	if actor.Role != auth.RoleClient {
		s.audit.Record(ctx, actor, audit.ReflectionRead, "assignment", a.ID, a.ClientID, "")
	}
	return r, nil
}

// Save keeps a draft. baseVersion is the response version the form was
// loaded with (0 when there was none); if the draft moved on since, nothing
// is written and ErrConflict is returned. It returns the new version.
func (s *Service) Save(ctx context.Context, actor auth.Actor, id int64, answers worksheet.Answers, baseVersion int) (int, error) {
	return s.write(ctx, actor, id, answers, baseVersion, "")
}

// Submit validates and submits. A resent form with the same submission key
// is a no-op success, so a double click never makes two submissions.
func (s *Service) Submit(ctx context.Context, actor auth.Actor, id int64, answers worksheet.Answers, baseVersion int, key string) (int, error) {
	if key == "" {
		return 0, &ValidationError{Fields: map[string]string{"form": "The form is missing its submission key; please reload the page."}}
	}
	return s.write(ctx, actor, id, answers, baseVersion, key)
}

func (s *Service) write(ctx context.Context, actor auth.Actor, id int64, answers worksheet.Answers, baseVersion int, submitKey string) (int, error) {
	if actor.Role != auth.RoleClient {
		return 0, ErrNotFound
	}
	if baseVersion < 0 || baseVersion > math.MaxInt32 {
		return 0, ErrConflict
	}
	a, err := s.Get(ctx, actor, id)
	if err != nil {
		return 0, err
	}
	if a.Kind != KindWorksheet {
		return 0, ErrNotFound
	}
	submit := submitKey != ""
	if a.Done() {
		if v, ok := s.alreadySubmitted(ctx, id, submitKey); submit && ok {
			return v, nil
		}
		return 0, ErrLocked
	}
	wv, err := s.Worksheet(ctx, a)
	if err != nil {
		return 0, err
	}
	if verr := wv.Schema.Check(answers, submit); verr != nil {
		return 0, &ValidationError{Fields: verr.Fields, Answers: verr}
	}
	clean := wv.Schema.Normalize(answers)
	raw, err := json.Marshal(clean)
	if err != nil {
		return 0, fmt.Errorf("encode answers: %w", err)
	}
	sealed, err := s.seal(raw, responseRecord(id))
	if err != nil {
		return 0, err
	}
	var flags []string
	var raised []worksheet.Flag
	state, status := "draft", StatusInProgress
	if submit {
		flags = wv.Schema.Flags(clean)
		raised = wv.Schema.Raised(clean)
		state, status = "submitted", StatusSubmitted
	}
	fb, _ := json.Marshal(append([]string{}, flags...))
	flagsJSON := string(fb)
	var newVersion int
	err = database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		var key any
		if submit {
			key = submitKey
		}
		if baseVersion == 0 {
			err := tx.Raw(`INSERT INTO responses (assignment_id, answers, answers_sealed, version, state, submission_key, flags, submitted_at)
				VALUES (?, '{}', ?, 1, ?, ?, ARRAY(SELECT jsonb_array_elements_text(?::jsonb)), CASE WHEN ? THEN now() END)
				ON CONFLICT (assignment_id) DO NOTHING RETURNING version`,
				id, sealed, state, key, flagsJSON, submit).Scan(&newVersion).Error
			if database.IsUniqueViolation(err) {
				return ErrConflict
			}
			if err != nil {
				return fmt.Errorf("create response: %w", err)
			}
		} else {
			err := tx.Raw(`UPDATE responses SET answers = '{}', answers_sealed = ?, version = version + 1, state = ?, submission_key = ?,
				flags = ARRAY(SELECT jsonb_array_elements_text(?::jsonb)), submitted_at = CASE WHEN ? THEN now() END, updated_at = now()
				WHERE assignment_id = ? AND version = ? AND state = 'draft' RETURNING version`,
				sealed, state, key, flagsJSON, submit, id, baseVersion).Scan(&newVersion).Error
			if database.IsUniqueViolation(err) {
				return ErrConflict
			}
			if err != nil {
				return fmt.Errorf("update response: %w", err)
			}
		}
		if newVersion == 0 {
			return ErrConflict
		}
		err := tx.Exec(`UPDATE assignments SET status = ?, flagged = ?, submitted_at = CASE WHEN ? THEN now() ELSE submitted_at END,
			updated_at = now() WHERE id = ?`, status, len(flags) > 0, submit, id).Error
		if err != nil {
			return fmt.Errorf("update assignment status: %w", err)
		}
		if err := touchClient(tx, a.ClientID); err != nil {
			return err
		}
		action := audit.ReflectionSaved
		if submit {
			action = audit.ReflectionSubmit
			if err := s.storeFlags(tx, id, newVersion, raised); err != nil {
				return err
			}
			if err := s.scheduleNext(tx, a); err != nil {
				return err
			}
		}
		return s.audit.RecordTx(ctx, tx, actor, action, "assignment", id, a.ClientID, "")
	})
	if errors.Is(err, ErrConflict) && submit {
		if v, ok := s.alreadySubmitted(ctx, id, submitKey); ok {
			return v, nil
		}
	}
	if err == nil && submit {
		if worksheet.AnyUrgent(raised) {
			s.notifyClinicianUrgent(ctx, a.ClinicianID)
		} else {
			s.notifyClinician(ctx, a.ClinicianID)
		}
	}
	return newVersion, err
}

// alreadySubmitted reports whether this exact submission (same key) is
// stored, and its version: a resent form is then a success, not an error.
func (s *Service) alreadySubmitted(ctx context.Context, id int64, key string) (int, bool) {
	if key == "" {
		return 0, false
	}
	var version int
	err := s.db.WithContext(ctx).Raw(`SELECT version FROM responses WHERE assignment_id = ? AND submission_key = ? AND state = 'submitted'`,
		id, key).Scan(&version).Error
	return version, err == nil && version > 0
}

// scheduleNext creates the next instance of a recurring worksheet when one
// is submitted: due a week after this one's due date (or today) for weekly,
// open at once for after_submit, until the chosen end date.
func (s *Service) scheduleNext(tx *gorm.DB, a Assignment) error {
	if a.Recurrence == RecurNone || a.Recurrence == "" || a.RepeatStoppedAt != nil {
		return nil
	}
	if a.Recurrence == RecurWeekly {
		// Weekly copies come on their schedule (ReleaseRepeats), whether or
		// not this one was submitted.
		return nil
	}
	today := s.now().UTC().Truncate(24 * time.Hour)
	var due *time.Time
	switch a.Recurrence {
	case RecurWeekly:
		from := today
		if a.DueOn != nil && a.DueOn.After(from) {
			from = *a.DueOn
		}
		d := from.AddDate(0, 0, 7)
		due = &d
	case RecurAfterSubmit:
		if a.DueOn != nil {
			d := today.AddDate(0, 0, int(a.DueOn.Sub(a.CreatedAt.UTC().Truncate(24*time.Hour)).Hours()/24))
			if d.After(today) {
				due = &d
			}
		}
	}
	if a.RecurUntil != nil && today.After(*a.RecurUntil) {
		return nil
	}
	if due != nil && a.RecurUntil != nil && due.After(*a.RecurUntil) {
		return nil
	}
	// repeat_index numbers the copy, so the client's page can say "2nd time" (issue 20).
	err := tx.Exec(`INSERT INTO assignments (client_id, clinician_id, kind, worksheet_version_id, note, due_on, recurrence, recur_until, previous_id, repeat_index)
		VALUES (?, ?, 'worksheet', ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (previous_id) WHERE previous_id IS NOT NULL DO NOTHING`,
		a.ClientID, a.ClinicianID, a.WorksheetVersionID, a.Note, due, a.Recurrence, a.RecurUntil, a.ID, a.RepeatIndex+1).Error
	if err != nil {
		return fmt.Errorf("schedule next: %w", err)
	}
	return nil
}
