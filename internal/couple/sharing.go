package couple

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/worksheet"
)

// Level is who sees one answer to a couple assignment. Every submitted
// answer is read by the client's clinician, as all their work is; the levels
// say where else it goes.
type Level string

const (
	// LevelPrivate keeps the answer to the client's own worksheet: their
	// clinician reads it there, but it is left out of the side-by-side view
	// and of joint handouts, and never reaches the partner.
	LevelPrivate Level = "private"
	// LevelClinician (the default) lets the clinician lay it beside the
	// partner's answer. The partner does not see it.
	LevelClinician Level = "clinician"
	// LevelPartner shares it with the partner too, on their own pages.
	LevelPartner Level = "partner"
)

// Valid reports whether l is a known level.
func (l Level) Valid() bool { return l == LevelPrivate || l == LevelClinician || l == LevelPartner }

// Levels lists the levels in the order a client is offered them.
func Levels() []Level { return []Level{LevelPrivate, LevelClinician, LevelPartner} }

// sharing is a stored choice; the zero value is the default (clinician).
type sharing struct {
	Level            Level
	Fields           map[string]Level
	ConfirmedVersion int
}

func (sh sharing) levelOf(fieldID string) Level {
	if l, ok := sh.Fields[fieldID]; ok && l.Valid() {
		return l
	}
	if sh.Level.Valid() {
		return sh.Level
	}
	return LevelClinician
}

// levelFor is the level in effect for one field. A private field is always
// LevelPrivate: no choice of the client's, not even "share everything",
// sends it to a partner or into the side-by-side view.
func (sh sharing) levelFor(f worksheet.Field) Level {
	if f.Private {
		return LevelPrivate
	}
	return sh.levelOf(f.ID)
}

// confirmed reports whether partner sharing holds for this response version.
func (sh sharing) confirmed(version int) bool {
	return sh.ConfirmedVersion > 0 && sh.ConfirmedVersion == version
}

func (s *Service) sharingOf(ctx context.Context, db *gorm.DB, assignmentID int64) (sharing, error) {
	var row sharingRow
	err := db.WithContext(ctx).Raw(`SELECT assignment_id, level, field_levels, confirmed_version FROM couple_sharing WHERE assignment_id = ?`,
		assignmentID).Scan(&row).Error
	if err != nil {
		return sharing{}, fmt.Errorf("get sharing: %w", err)
	}
	return row.decode()
}

// sharingsOf is sharingOf for many assignments in one query; an assignment
// without a row has the zero sharing, as in sharingOf.
func (s *Service) sharingsOf(ctx context.Context, ids []int64) (map[int64]sharing, error) {
	out := make(map[int64]sharing, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []sharingRow
	err := s.db.WithContext(ctx).Raw(`SELECT assignment_id, level, field_levels, confirmed_version FROM couple_sharing WHERE assignment_id IN ?`,
		ids).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("get sharing: %w", err)
	}
	for _, row := range rows {
		sh, err := row.decode()
		if err != nil {
			return nil, err
		}
		out[row.AssignmentID] = sh
	}
	return out, nil
}

type sharingRow struct {
	AssignmentID     int64
	Level            string
	FieldLevels      []byte
	ConfirmedVersion int
}

func (row sharingRow) decode() (sharing, error) {
	sh := sharing{Level: Level(row.Level), ConfirmedVersion: row.ConfirmedVersion}
	if len(row.FieldLevels) > 0 {
		if err := json.Unmarshal(row.FieldLevels, &sh.Fields); err != nil {
			return sharing{}, fmt.Errorf("decode sharing: %w", err)
		}
	}
	return sh, nil
}

// Choice is what a client picks on the sharing page: a level for the whole
// worksheet, and optionally a different one for some answers.
type Choice struct {
	Level  Level
	Fields map[string]Level
	// Seen is the version of the submitted answers the client was shown on
	// the confirm page (SharingView.Version). SetSharing refuses any other:
	// consent covers only what was previewed.
	Seen int
}

// ErrStalePreview means the answers changed (the worksheet was reopened and
// submitted again) since the client saw the preview they confirmed.
var ErrStalePreview = errors.New("couple: the answers changed since the sharing preview")

// side is one partner's place in a group, found from their own assignment.
type side struct {
	GroupID        int64
	LinkID         int64
	IndividualOnly bool
	Mine           int64 // the actor's assignment
	Theirs         int64 // the partner's
	PartnerClient  int64
	PartnerUser    *int64
	PartnerName    string
	Slug           string
	Title          string
}

const sideCols = `g.id AS group_id, l.id AS link_id, l.individual_only,
	mine.id AS mine, theirs.id AS theirs, theirs.client_id AS partner_client, pc.user_id AS partner_user,
	pc.display_name AS partner_name, w.slug, wv.title`

// sideJoin finds the groups of active links that hold an assignment of the
// acting client (the first ?) next to their partner's.
const sideJoin = `FROM couple_groups g
	JOIN couple_links l ON l.id = g.link_id AND l.unlinked_at IS NULL AND g.clinician_id = l.clinician_id
	JOIN assignments mine ON mine.client_id = ? AND mine.clinician_id = l.clinician_id
	     AND ((mine.id = g.assignment_a AND mine.client_id = l.client_a) OR (mine.id = g.assignment_b AND mine.client_id = l.client_b))
	JOIN assignments theirs ON theirs.id = CASE WHEN mine.id = g.assignment_a THEN g.assignment_b ELSE g.assignment_a END
	     AND theirs.clinician_id = l.clinician_id
	     AND theirs.client_id = CASE WHEN mine.id = g.assignment_a THEN l.client_b ELSE l.client_a END
	JOIN clients pc ON pc.id = theirs.client_id
	JOIN worksheet_versions wv ON wv.id = mine.worksheet_version_id
	JOIN worksheets w ON w.id = wv.worksheet_id`

func (s *Service) sideFor(ctx context.Context, a auth.Actor, where string, arg int64) (side, error) {
	if a.Role != auth.RoleClient || a.ClientID == 0 {
		return side{}, ErrNotFound
	}
	var sd side
	err := s.db.WithContext(ctx).Raw(`SELECT `+sideCols+` `+sideJoin+` WHERE `+where+` LIMIT 1`, a.ClientID, arg).Scan(&sd).Error
	if err != nil {
		return side{}, fmt.Errorf("find couple work: %w", err)
	}
	if sd.GroupID == 0 {
		return side{}, ErrNotFound
	}
	return sd, nil
}

// ShareBox is the sharing summary shown on a client's own assignment page.
type ShareBox struct {
	AssignmentID  int64
	GroupID       int64
	PartnerName   string
	Paused        bool // sharing is off for this couple; the page does not say why
	Submitted     bool
	SharedCount   int  // of my answers my partner can see now
	PendingChoice bool // I chose to share but have not confirmed this version
	FromPartner   int  // answers my partner shares with me
}

// ShareStatus returns the sharing summary for one of the client's own
// assignments, or nil when it is not couple work.
func (s *Service) ShareStatus(ctx context.Context, a auth.Actor, assignmentID int64) (*ShareBox, error) {
	sd, err := s.sideFor(ctx, a, "mine.id = ?", assignmentID)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	box := &ShareBox{AssignmentID: assignmentID, GroupID: sd.GroupID, PartnerName: sd.PartnerName, Paused: sd.IndividualOnly}
	if box.Paused {
		return box, nil
	}
	mine, err := s.readSide(ctx, a, sd.Mine)
	if err != nil {
		return nil, err
	}
	box.Submitted, box.SharedCount = mine.submitted, len(mine.shared)
	box.PendingChoice = mine.wantsPartner && !mine.confirmed
	theirs, err := s.readTheirSide(ctx, sd)
	if err != nil {
		return nil, err
	}
	box.FromPartner = len(theirs.shared)
	return box, nil
}

// sideRead is one partner's submitted work with what they share.
type sideRead struct {
	schema       worksheet.Schema
	answers      worksheet.Answers
	submitted    bool
	version      int
	choice       sharing
	confirmed    bool
	wantsPartner bool            // some answer is set to "my partner too"
	shared       map[string]bool // answered fields the partner may see now
}

// readSide reads one assignment as its owner: the schema, the submitted
// answers (never a draft) and the sharing choice.
func (s *Service) readSide(ctx context.Context, owner auth.Actor, assignmentID int64) (sideRead, error) {
	asg, err := s.assignments.Get(ctx, owner, assignmentID)
	if err != nil {
		return sideRead{}, err
	}
	wv, err := s.assignments.Worksheet(ctx, asg)
	if err != nil {
		return sideRead{}, err
	}
	choice, err := s.sharingOf(ctx, s.db, assignmentID)
	if err != nil {
		return sideRead{}, err
	}
	var resp assignment.Response
	if asg.Done() {
		if resp, err = s.assignments.Response(ctx, owner, asg); err != nil {
			return sideRead{}, err
		}
	}
	return shareOf(wv.Schema, choice, resp.State == "submitted", resp), nil
}

// readTheirs reads the partners' sides of sides: the couple rules have
// found each link active, and the partner's answers are read through
// assignment.ReadAsPartner, so answers encrypted at rest stay readable and
// no SQL here touches them. A fixed number of queries, whatever the number
// of sides. The map is keyed by the partner's assignment id.
func (s *Service) readTheirs(ctx context.Context, sides []side) (map[int64]sideRead, error) {
	owners := make(map[int64]int64, len(sides))
	ids := make([]int64, 0, len(sides))
	for _, sd := range sides {
		owners[sd.Theirs] = sd.PartnerClient
		ids = append(ids, sd.Theirs)
	}
	work, err := s.assignments.ReadAsPartner(ctx, owners)
	if err != nil {
		return nil, err
	}
	choices, err := s.sharingsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]sideRead, len(ids))
	for _, id := range ids {
		w, ok := work[id]
		if !ok {
			return nil, assignment.ErrNotFound
		}
		out[id] = shareOf(w.Worksheet.Schema, choices[id], w.Submitted, w.Response)
	}
	return out, nil
}

// readTheirSide is readTheirs for one side.
func (s *Service) readTheirSide(ctx context.Context, sd side) (sideRead, error) {
	m, err := s.readTheirs(ctx, []side{sd})
	if err != nil {
		return sideRead{}, err
	}
	return m[sd.Theirs], nil
}

// shareOf decides what one side shares: the answers of a submitted response
// (resp is ignored unless submitted) at the partner level, once the choice
// is confirmed for their version.
func shareOf(schema worksheet.Schema, choice sharing, submitted bool, resp assignment.Response) sideRead {
	r := sideRead{schema: schema, choice: choice, shared: map[string]bool{}}
	for _, f := range schema.Fields() {
		if choice.levelFor(f) == LevelPartner {
			r.wantsPartner = true
		}
	}
	if !submitted {
		return r
	}
	r.submitted, r.answers, r.version = true, resp.Answers, resp.Version
	r.confirmed = choice.confirmed(resp.Version)
	if !r.confirmed {
		return r
	}
	for _, f := range schema.Fields() {
		if choice.levelFor(f) == LevelPartner && Display(f, r.answers).Shown() {
			r.shared[f.ID] = true
		}
	}
	return r
}

// FieldShare is one answer on the sharing page: what it says and who sees it.
type FieldShare struct {
	ID       string
	Label    string
	Type     worksheet.FieldType
	Answer   Answer
	Override Level // "" when it follows the worksheet's level
	Level    Level // the level in effect
}

// SharingView is the client's sharing page for one couple assignment.
type SharingView struct {
	AssignmentID int64
	GroupID      int64
	Title        string
	PartnerName  string
	Paused       bool
	Submitted    bool
	Version      int  // of the submitted answers shown; the confirm form carries it back
	Confirmed    bool // the current choice is in effect for these answers
	Choice       Choice
	Fields       []FieldShare
}

// PartnerSees lists the answered fields the partner sees under the view's
// choice: exactly what the confirm page shows before anything is shared.
func (v SharingView) PartnerSees() []FieldShare {
	var out []FieldShare
	for _, f := range v.Fields {
		if f.Level == LevelPartner && f.Answer.Shown() {
			out = append(out, f)
		}
	}
	return out
}

// Count returns how many answered fields are at level l.
func (v SharingView) Count(l Level) int {
	n := 0
	for _, f := range v.Fields {
		if f.Level == l && f.Answer.Shown() {
			n++
		}
	}
	return n
}

// Sharing returns the client's sharing page for one of their couple
// assignments, with their stored choice (or, when choice is not nil, the
// choice they are about to confirm, for the preview).
func (s *Service) Sharing(ctx context.Context, a auth.Actor, assignmentID int64, choice *Choice) (SharingView, error) {
	sd, err := s.sideFor(ctx, a, "mine.id = ?", assignmentID)
	if err != nil {
		return SharingView{}, err
	}
	v := SharingView{AssignmentID: assignmentID, GroupID: sd.GroupID, Title: sd.Title, PartnerName: sd.PartnerName, Paused: sd.IndividualOnly}
	mine, err := s.readSide(ctx, a, sd.Mine)
	if err != nil {
		return SharingView{}, err
	}
	v.Submitted, v.Version, v.Confirmed = mine.submitted, mine.version, mine.confirmed && !v.Paused
	sh := mine.choice
	if choice != nil {
		c, err := cleanChoice(mine.schema, *choice)
		if err != nil {
			return SharingView{}, err
		}
		sh = sharing{Level: c.Level, Fields: c.Fields}
	}
	v.Choice = Choice{Level: sh.Level, Fields: map[string]Level{}}
	if !v.Choice.Level.Valid() {
		v.Choice.Level = LevelClinician
	}
	for _, f := range mine.schema.Fields() {
		if f.Private {
			continue // never offered for sharing
		}
		fs := FieldShare{ID: f.ID, Label: f.Label, Type: f.Type, Level: sh.levelFor(f), Answer: Answer{State: Pending}}
		if l, ok := sh.Fields[f.ID]; ok && l.Valid() {
			fs.Override = l
			v.Choice.Fields[f.ID] = l
		}
		if mine.submitted {
			fs.Answer = Display(f, mine.answers)
		}
		v.Fields = append(v.Fields, fs)
	}
	return v, nil
}

// cleanChoice checks a choice against the worksheet: known levels, known
// fields; an answer's level equal to the worksheet's is dropped.
func cleanChoice(sc worksheet.Schema, c Choice) (Choice, error) {
	if c.Level == "" {
		c.Level = LevelClinician
	}
	if !c.Level.Valid() {
		return Choice{}, invalid("share", "Please choose who may see your answers.")
	}
	out := Choice{Level: c.Level, Fields: map[string]Level{}}
	for id, l := range c.Fields {
		if l == "" || l == c.Level {
			continue
		}
		if f, ok := sc.Field(id); !ok || f.Private {
			continue
		}
		if !l.Valid() {
			return Choice{}, invalid("share_"+id, "Please choose who may see this answer.")
		}
		out.Fields[id] = l
	}
	return out, nil
}

// SetSharing stores the client's own choice of who sees their answers to a
// couple assignment, for the submitted answers they have just seen on the
// confirm page: choice.Seen must be the version of those answers, still
// the submitted one, or it is ErrStalePreview and nothing is stored. Only
// the client can do this: no other role reaches it.
func (s *Service) SetSharing(ctx context.Context, a auth.Actor, assignmentID int64, choice Choice) error {
	sd, err := s.sideFor(ctx, a, "mine.id = ?", assignmentID)
	if err != nil {
		return err
	}
	if sd.IndividualOnly {
		return invalid("share", PausedMessage)
	}
	mine, err := s.readSide(ctx, a, sd.Mine)
	if err != nil {
		return err
	}
	if !mine.submitted {
		return invalid("share", "Please submit your answers first. Then you can choose what to share.")
	}
	if choice.Seen != mine.version {
		return ErrStalePreview
	}
	c, err := cleanChoice(mine.schema, choice)
	if err != nil {
		return err
	}
	raw, err := json.Marshal(c.Fields)
	if err != nil {
		return fmt.Errorf("encode sharing: %w", err)
	}
	v := SharingView{}
	for _, f := range mine.schema.Fields() {
		if f.Private {
			continue
		}
		lv := sharing{Level: c.Level, Fields: c.Fields}.levelFor(f)
		v.Fields = append(v.Fields, FieldShare{Level: lv, Answer: Display(f, mine.answers)})
	}
	detail := fmt.Sprintf("%s; partner %d, clinician %d, private %d", c.Level,
		v.Count(LevelPartner), v.Count(LevelClinician), v.Count(LevelPrivate))
	return database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		// Only while that version is still the submitted one: a
		// resubmission landing since it was read makes this stale too.
		res := tx.Exec(`INSERT INTO couple_sharing (assignment_id, client_id, level, field_levels, confirmed_version, updated_at)
			SELECT ?, ?, ?, ?::jsonb, ?, now()
			WHERE EXISTS (SELECT 1 FROM responses WHERE assignment_id = ? AND version = ? AND state = 'submitted')
			ON CONFLICT (assignment_id) DO UPDATE SET level = EXCLUDED.level, field_levels = EXCLUDED.field_levels,
				confirmed_version = EXCLUDED.confirmed_version, updated_at = now()`,
			assignmentID, a.ClientID, string(c.Level), string(raw), mine.version, assignmentID, mine.version)
		if res.Error != nil {
			return fmt.Errorf("save sharing: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrStalePreview
		}
		return s.audit.RecordTx(ctx, tx, a, AuditSharing, "assignment", assignmentID, a.ClientID, detail)
	})
}

// PausedMessage is what either partner reads while the safety switch is on.
// It is the same for both and does not say why.
const PausedMessage = "Sharing between partners is paused for now. What you write stays between you and your clinician."

// SharedAnswer is one answer a partner shares.
type SharedAnswer struct {
	ID     string
	Label  string
	Type   worksheet.FieldType
	Mine   Answer
	Theirs Answer
}

// PartnerView is a client's page for one joint worksheet: their own answers
// beside what their partner chose to share, and nothing else of the
// partner's.
type PartnerView struct {
	GroupID      int64
	AssignmentID int64 // mine
	Title        string
	PartnerName  string
	Paused       bool
	Submitted    bool // mine
	SharedCount  int
	Rows         []SharedAnswer
}

// PartnerView returns what the acting client may see of a joint worksheet.
func (s *Service) PartnerView(ctx context.Context, a auth.Actor, groupID int64) (PartnerView, error) {
	sd, err := s.sideFor(ctx, a, "g.id = ?", groupID)
	if err != nil {
		return PartnerView{}, err
	}
	v := PartnerView{GroupID: sd.GroupID, AssignmentID: sd.Mine, Title: sd.Title, PartnerName: sd.PartnerName, Paused: sd.IndividualOnly}
	mine, err := s.readSide(ctx, a, sd.Mine)
	if err != nil {
		return PartnerView{}, err
	}
	v.Submitted = mine.submitted
	theirs := sideRead{shared: map[string]bool{}}
	if !v.Paused {
		if theirs, err = s.readTheirSide(ctx, sd); err != nil {
			return PartnerView{}, err
		}
	}
	for _, f := range mine.schema.Fields() {
		if f.Private {
			continue
		}
		row := SharedAnswer{ID: f.ID, Label: f.Label, Type: f.Type, Mine: Answer{State: Pending}, Theirs: Answer{State: Withheld}}
		if mine.submitted {
			row.Mine = Display(f, mine.answers)
		}
		if theirs.shared[f.ID] {
			tf, ok := theirs.schema.Field(f.ID)
			if !ok || tf.Private {
				continue
			}
			row.Theirs = Display(tf, theirs.answers)
			v.SharedCount++
		}
		v.Rows = append(v.Rows, row)
	}
	if v.SharedCount > 0 {
		s.audit.Record(ctx, a, AuditSharedRead, "assignment", sd.Theirs, sd.PartnerClient, fmt.Sprintf("%d answers", v.SharedCount))
	}
	return v, nil
}

// SharedSummary is one joint worksheet in a client's list.
type SharedSummary struct {
	GroupID      int64
	AssignmentID int64
	Title        string
	PartnerName  string
	Paused       bool
	FromPartner  int
	CreatedAt    time.Time
}

// SharedWithMe lists the acting client's joint worksheets on active links,
// with how many answers each partner shares with them.
func (s *Service) SharedWithMe(ctx context.Context, a auth.Actor) ([]SharedSummary, error) {
	if a.Role != auth.RoleClient || a.ClientID == 0 {
		return nil, ErrNotFound
	}
	var sides []side
	err := s.db.WithContext(ctx).Raw(`SELECT `+sideCols+` `+sideJoin+` ORDER BY g.created_at DESC, g.id DESC LIMIT 100`, a.ClientID).Scan(&sides).Error
	if err != nil {
		return nil, fmt.Errorf("list joint work: %w", err)
	}
	var active []side
	for _, sd := range sides {
		if !sd.IndividualOnly {
			active = append(active, sd)
		}
	}
	theirs, err := s.readTheirs(ctx, active)
	if err != nil {
		return nil, err
	}
	out := make([]SharedSummary, 0, len(sides))
	for _, sd := range sides {
		sum := SharedSummary{GroupID: sd.GroupID, AssignmentID: sd.Mine, Title: sd.Title, PartnerName: sd.PartnerName, Paused: sd.IndividualOnly}
		if !sum.Paused {
			sum.FromPartner = len(theirs[sd.Theirs].shared)
		}
		out = append(out, sum)
	}
	return out, nil
}

// ParseLevel reads a level from a form value; "" is "same as the worksheet".
func ParseLevel(s string) Level { return Level(strings.TrimSpace(s)) }
