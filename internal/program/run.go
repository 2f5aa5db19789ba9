package program

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
)

const (
	actionSaved    = "program_saved"
	actionAssigned = "program_assigned"
	actionRun      = "program_run_changed"
)

// Run statuses.
const (
	StatusRunning = "running"
	StatusPaused  = "paused"
	StatusStopped = "stopped"
	StatusDone    = "done"
)

// Step states.
const (
	StepPending  = "pending"
	StepReleased = "released"
	StepSkipped  = "skipped"
)

// Run is one program running for one client.
type Run struct {
	ID               int64
	ProgramVersionID int64
	ClinicianID      int64
	ClientID         int64
	CoupleLinkID     *int64
	StartedOn        time.Time
	Status           string
	PausedOn         *time.Time
	Title            string    `gorm:"-"`
	Steps            []RunStep `gorm:"-"`
}

// RunStep is where one step of a run stands.
type RunStep struct {
	No           int
	Step         Step
	State        string
	AssignmentID *int64
	ReleasedOn   *time.Time
	Done         bool
	// ReleaseOn is when a pending step will be released, when that is known
	// (not for a step waiting on the previous one).
	ReleaseOn *time.Time
}

// Reached is the number of the step the client has reached (released or skipped).
func (r Run) Reached() int {
	n := 0
	for _, s := range r.Steps {
		if s.State != StepPending {
			n++
		}
	}
	return n
}

// Next is the first pending step, if any.
func (r Run) Next() *RunStep {
	for i := range r.Steps {
		if r.Steps[i].State == StepPending {
			return &r.Steps[i]
		}
	}
	return nil
}

// Target is who a program is given to: one client, or a couple (each
// partner gets a run, and their own steps).
type Target struct {
	ClientID     int64
	CoupleLinkID int64
}

// Assign starts a program for a client or a couple on startOn (YYYY-MM-DD,
// empty: today). Steps released at the start appear at once.
func (s *Service) Assign(ctx context.Context, actor auth.Actor, programID int64, to Target, startOn string) ([]int64, error) {
	p, err := s.Get(ctx, actor, programID)
	if err != nil {
		return nil, err
	}
	start := dateOf(s.now())
	if startOn != "" {
		t, err := time.Parse("2006-01-02", startOn)
		if err != nil || t.Before(start.AddDate(0, 0, -31)) || t.After(start.AddDate(1, 0, 0)) {
			return nil, &ValidationError{Fields: map[string]string{"start_on": "Please choose a start date within the next year."}}
		}
		start = t
	}
	clients, err := s.targetClients(ctx, actor, to)
	if err != nil {
		return nil, err
	}
	var runIDs []int64
	err = database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		for _, clientID := range clients {
			var id int64
			var link *int64
			if to.CoupleLinkID != 0 {
				link = &to.CoupleLinkID
			}
			if err := tx.Raw(`INSERT INTO program_runs (program_version_id, clinician_id, client_id, couple_link_id, started_on, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, p.VersionID, actor.UserID, clientID, link, start, s.now(), s.now()).Scan(&id).Error; err != nil {
				return fmt.Errorf("start program: %w", err)
			}
			for i := range p.Steps {
				if err := tx.Exec(`INSERT INTO program_run_steps (run_id, step_no) VALUES (?, ?)`, id, i+1).Error; err != nil {
					return fmt.Errorf("program steps: %w", err)
				}
			}
			if err := s.audit.RecordTx(ctx, tx, actor, actionAssigned, "program_run", id, clientID, fmt.Sprintf("program %d v%d", p.ID, p.Version)); err != nil {
				return err
			}
			runIDs = append(runIDs, id)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, id := range runIDs {
		if _, err := s.releaseRun(ctx, id); err != nil {
			return runIDs, err
		}
	}
	return runIDs, nil
}

func (s *Service) targetClients(ctx context.Context, actor auth.Actor, to Target) ([]int64, error) {
	if actor.Role != auth.RoleClinician {
		return nil, ErrNotFound
	}
	if to.CoupleLinkID != 0 {
		var pair struct{ ClientA, ClientB int64 }
		err := s.db.WithContext(ctx).Raw(`SELECT l.client_a, l.client_b FROM couple_links l
			JOIN clients a ON a.id = l.client_a JOIN clients b ON b.id = l.client_b
			WHERE l.id = ? AND l.clinician_id = ? AND l.unlinked_at IS NULL AND NOT l.individual_only
			  AND a.archived_at IS NULL AND b.archived_at IS NULL`, to.CoupleLinkID, actor.UserID).Scan(&pair).Error
		if err != nil {
			return nil, fmt.Errorf("find couple: %w", err)
		}
		if pair.ClientA == 0 {
			return nil, ErrNotFound
		}
		return []int64{pair.ClientA, pair.ClientB}, nil
	}
	var id int64
	if err := s.db.WithContext(ctx).Raw(`SELECT id FROM clients WHERE id = ? AND clinician_id = ? AND archived_at IS NULL`,
		to.ClientID, actor.UserID).Scan(&id).Error; err != nil {
		return nil, fmt.Errorf("find client: %w", err)
	}
	if id == 0 {
		return nil, ErrNotFound
	}
	return []int64{id}, nil
}

// Release releases every step whose rule is met today (by the service
// clock) in every running program. Safe to run from several workers: each
// run is locked while its steps are released.
func (s *Service) Release(ctx context.Context) (int, error) {
	var ids []int64
	if err := s.db.WithContext(ctx).Raw(`SELECT id FROM program_runs WHERE status = 'running' ORDER BY id`).Scan(&ids).Error; err != nil {
		return 0, fmt.Errorf("running programs: %w", err)
	}
	total := 0
	for _, id := range ids {
		n, err := s.releaseRun(ctx, id)
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}

type stepRow struct {
	StepNo       int
	State        string
	AssignmentID *int64
	ReleasedOn   *time.Time
	DoneAt       *time.Time
}

func (s *Service) loadSteps(db *gorm.DB, runID int64) ([]stepRow, error) {
	var rows []stepRow
	err := db.Raw(`SELECT rs.step_no, rs.state, rs.assignment_id, rs.released_on,
			CASE WHEN a.status IN ('submitted', 'reviewed') THEN COALESCE(a.submitted_at, a.read_at, a.updated_at) END AS done_at
		FROM program_run_steps rs LEFT JOIN assignments a ON a.id = rs.assignment_id
		WHERE rs.run_id = ? ORDER BY rs.step_no`, runID).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("program steps: %w", err)
	}
	return rows, nil
}

// releaseOn is when step i is released, or nil while that is not known.
func releaseOn(steps []Step, rows []stepRow, i int, started time.Time) *time.Time {
	st := steps[i]
	var t time.Time
	switch st.Rule {
	case RuleStart, RuleWeekly:
		t = started
	case RuleAfterDays:
		t = started.AddDate(0, 0, st.Days)
	case RuleAfterPrevious:
		if i == 0 {
			t = started.AddDate(0, 0, st.Days)
			break
		}
		prev := rows[i-1]
		switch {
		case prev.State == StepSkipped && prev.ReleasedOn != nil:
			t = prev.ReleasedOn.AddDate(0, 0, st.Days)
		case prev.State == StepReleased && prev.DoneAt != nil:
			t = dateOf(*prev.DoneAt).AddDate(0, 0, st.Days)
		default:
			return nil
		}
	default:
		return nil
	}
	return &t
}

// item is the assignment a step releases on day d.
func item(st Step, d time.Time) assignment.New {
	n := assignment.New{Kind: st.Kind, Slug: st.Slug, Note: st.Note}
	if st.Rule == RuleWeekly {
		first := d.AddDate(0, 0, 1)
		for int(first.Weekday()) != st.Weekday {
			first = first.AddDate(0, 0, 1)
		}
		n.DueOn = first.Format("2006-01-02")
		n.Recurrence = assignment.RecurWeekly
		n.RecurCount = st.Weeks
		n.RecurUntil = st.Until
		return n
	}
	n.DueOn = d.AddDate(0, 0, 7).Format("2006-01-02")
	return n
}

func (s *Service) releaseRun(ctx context.Context, runID int64) (int, error) {
	released := 0
	var clientID int64
	err := database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		released = 0
		var run Run
		if err := tx.Raw(`SELECT * FROM program_runs WHERE id = ? FOR UPDATE`, runID).Scan(&run).Error; err != nil {
			return fmt.Errorf("lock program run: %w", err)
		}
		if run.ID == 0 || run.Status != StatusRunning {
			return nil
		}
		clientID = run.ClientID
		p, err := s.version(ctx, tx, run.ProgramVersionID)
		if err != nil {
			return err
		}
		rows, err := s.loadSteps(tx, runID)
		if err != nil {
			return err
		}
		today := dateOf(s.now())
		clin := auth.Actor{UserID: run.ClinicianID, Role: auth.RoleClinician}
		pending := 0
		for i := range rows {
			if rows[i].State != StepPending || i >= len(p.Steps) {
				continue
			}
			on := releaseOn(p.Steps, rows, i, run.StartedOn)
			if on == nil || today.Before(*on) {
				pending++
				continue
			}
			ids, err := s.assignments.AssignTx(ctx, tx, clin, run.ClientID, []assignment.New{item(p.Steps[i], today)})
			if err != nil {
				return fmt.Errorf("release step %d of run %d: %w", i+1, runID, err)
			}
			if err := tx.Exec(`UPDATE program_run_steps SET state = 'released', assignment_id = ?, released_on = ?
				WHERE run_id = ? AND step_no = ?`, ids[0], today, runID, rows[i].StepNo).Error; err != nil {
				return fmt.Errorf("record release: %w", err)
			}
			rows[i].State, rows[i].AssignmentID, rows[i].ReleasedOn = StepReleased, &ids[0], &today
			released++
		}
		if pending == 0 {
			if err := tx.Exec(`UPDATE program_runs SET status = 'done', updated_at = ? WHERE id = ?`, s.now(), runID).Error; err != nil {
				return fmt.Errorf("finish program: %w", err)
			}
		}
		return nil
	})
	if err == nil && released > 0 {
		s.assignments.NotifyClient(ctx, clientID)
	}
	return released, err
}

// Control actions on a run.
const (
	ActionPause  = "pause"
	ActionResume = "resume"
	ActionStop   = "stop"
	ActionSkip   = "skip"
)

// Control pauses, resumes, stops a run, or skips one pending step. Only
// the clinician who started it may. A run whose steps are all given ("done")
// can still be paused or stopped: its weekly steps may still be repeating.
func (s *Service) Control(ctx context.Context, actor auth.Actor, runID int64, action string, stepNo int) error {
	if actor.Role != auth.RoleClinician {
		return ErrNotFound
	}
	var run Run
	if err := s.db.WithContext(ctx).Raw(`SELECT * FROM program_runs WHERE id = ? AND clinician_id = ?`, runID, actor.UserID).Scan(&run).Error; err != nil {
		return fmt.Errorf("find program run: %w", err)
	}
	if run.ID == 0 {
		return ErrNotFound
	}
	today := dateOf(s.now())
	var stopped []int64
	err := database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		var res *gorm.DB
		switch action {
		case ActionPause:
			res = tx.Exec(`UPDATE program_runs SET status = 'paused', paused_on = ?, updated_at = ? WHERE id = ? AND status IN ('running', 'done')`, today, s.now(), runID)
		case ActionResume:
			// The rules count from the start: move it by the days paused, so
			// a pause does not release the waiting steps all at once; weekly
			// steps move their open copy the same way.
			res = tx.Exec(`UPDATE program_runs SET status = 'running', started_on = started_on + (?::date - paused_on), paused_on = NULL, updated_at = ?
				WHERE id = ? AND status = 'paused'`, today, s.now(), runID)
			if res.Error == nil && res.RowsAffected == 1 && run.PausedOn != nil {
				var weekly []int64
				if err := tx.Raw(`SELECT rs.assignment_id FROM program_run_steps rs JOIN assignments a ON a.id = rs.assignment_id
					WHERE rs.run_id = ? AND a.recurrence = 'weekly'`, runID).Scan(&weekly).Error; err != nil {
					return fmt.Errorf("weekly steps: %w", err)
				}
				for _, id := range weekly {
					if err := s.assignments.ShiftSeriesTx(tx, id, int(today.Sub(*run.PausedOn).Hours()/24)); err != nil {
						return err
					}
				}
			}
		case ActionStop:
			res = tx.Exec(`UPDATE program_runs SET status = 'stopped', updated_at = ? WHERE id = ? AND status IN ('running', 'paused', 'done')`, s.now(), runID)
			if res.Error == nil {
				if err := tx.Raw(`SELECT rs.assignment_id FROM program_run_steps rs JOIN assignments a ON a.id = rs.assignment_id
					WHERE rs.run_id = ? AND a.recurrence = 'weekly'`, runID).Scan(&stopped).Error; err != nil {
					return fmt.Errorf("weekly steps: %w", err)
				}
			}
		case ActionSkip:
			res = tx.Exec(`UPDATE program_run_steps SET state = 'skipped', released_on = ? WHERE run_id = ? AND step_no = ? AND state = 'pending'
				AND EXISTS (SELECT 1 FROM program_runs WHERE id = ? AND status IN ('running', 'paused'))`, today, runID, stepNo, runID)
		default:
			return &ValidationError{Fields: map[string]string{"action": "Please choose pause, resume, stop or skip."}}
		}
		if res.Error != nil {
			return fmt.Errorf("%s program: %w", action, res.Error)
		}
		if res.RowsAffected == 0 {
			return &ValidationError{Fields: map[string]string{"action": "That cannot be done to this program now."}}
		}
		detail := action
		if action == ActionSkip {
			detail = fmt.Sprintf("skip step %d", stepNo)
		}
		return s.audit.RecordTx(ctx, tx, actor, actionRun, "program_run", runID, run.ClientID, detail)
	})
	if err != nil {
		return err
	}
	for _, id := range stopped {
		if err := s.assignments.StopRepeat(ctx, actor, id); err != nil {
			return err
		}
	}
	if action == ActionResume || action == ActionSkip {
		_, err = s.releaseRun(ctx, runID)
	}
	return err
}

// ForClient lists a client's programs with their progress: a clinician
// passes the client's id (their own client), a client sees their own.
func (s *Service) ForClient(ctx context.Context, actor auth.Actor, clientID int64) ([]Run, error) {
	q := s.db.WithContext(ctx).Table("program_runs")
	switch actor.Role {
	case auth.RoleClinician:
		q = q.Where("client_id = ? AND clinician_id = ?", clientID, actor.UserID)
	case auth.RoleClient:
		if actor.ClientID == 0 {
			return nil, nil
		}
		q = q.Where("client_id = ? AND status <> 'stopped'", actor.ClientID)
	default:
		return nil, nil
	}
	var runs []Run
	if err := q.Order("created_at DESC, id DESC").Limit(50).Scan(&runs).Error; err != nil {
		return nil, fmt.Errorf("list program runs: %w", err)
	}
	for i := range runs {
		if err := s.fill(ctx, &runs[i]); err != nil {
			return nil, err
		}
	}
	return runs, nil
}

// RunFor returns one run the clinician owns.
func (s *Service) RunFor(ctx context.Context, actor auth.Actor, runID int64) (Run, error) {
	var run Run
	if actor.Role != auth.RoleClinician {
		return run, ErrNotFound
	}
	if err := s.db.WithContext(ctx).Raw(`SELECT * FROM program_runs WHERE id = ? AND clinician_id = ?`, runID, actor.UserID).Scan(&run).Error; err != nil {
		return run, fmt.Errorf("find program run: %w", err)
	}
	if run.ID == 0 {
		return run, ErrNotFound
	}
	return run, s.fill(ctx, &run)
}

func (s *Service) fill(ctx context.Context, run *Run) error {
	p, err := s.version(ctx, s.db, run.ProgramVersionID)
	if err != nil {
		return err
	}
	rows, err := s.loadSteps(s.db.WithContext(ctx), run.ID)
	if err != nil {
		return err
	}
	run.Title = p.Title
	run.Steps = make([]RunStep, 0, len(rows))
	for i, r := range rows {
		if i >= len(p.Steps) {
			break
		}
		rs := RunStep{No: r.StepNo, Step: p.Steps[i], State: r.State, AssignmentID: r.AssignmentID, ReleasedOn: r.ReleasedOn, Done: r.DoneAt != nil}
		if r.State == StepPending {
			rs.ReleaseOn = releaseOn(p.Steps, rows, i, run.StartedOn)
		}
		run.Steps = append(run.Steps, rs)
	}
	return nil
}

func dateOf(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Couple is a couple a program can be given to.
type Couple struct {
	LinkID int64
	NameA  string
	NameB  string
}

// Couples lists the clinician's linked couples open to joint work.
func (s *Service) Couples(ctx context.Context, actor auth.Actor) ([]Couple, error) {
	if actor.Role != auth.RoleClinician {
		return nil, nil
	}
	var out []Couple
	err := s.db.WithContext(ctx).Raw(`SELECT l.id AS link_id, a.display_name AS name_a, b.display_name AS name_b
		FROM couple_links l JOIN clients a ON a.id = l.client_a JOIN clients b ON b.id = l.client_b
		WHERE l.clinician_id = ? AND l.unlinked_at IS NULL AND NOT l.individual_only
		  AND a.archived_at IS NULL AND b.archived_at IS NULL ORDER BY a.display_name, l.id LIMIT 200`, actor.UserID).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list couples: %w", err)
	}
	return out, nil
}
