package couple

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/worksheet"
)

// Group is one worksheet given to a couple: each partner's own assignment.
type Group struct {
	ID          int64
	LinkID      int64
	AssignmentA int64
	AssignmentB int64
	Title       string
	Slug        string
	StatusA     string
	StatusB     string
	DueOn       *time.Time
	CreatedAt   time.Time
}

// BothDone reports whether both partners have submitted.
func (g Group) BothDone() bool { return done(g.StatusA) && done(g.StatusB) }

// AnyDone reports whether at least one partner has submitted.
func (g Group) AnyDone() bool { return done(g.StatusA) || done(g.StatusB) }

func done(status string) bool {
	return status == assignment.StatusSubmitted || status == assignment.StatusReviewed
}

const groupCols = `g.id, g.link_id, g.assignment_a, g.assignment_b, g.created_at, wv.title, w.slug,
	aa.status AS status_a, ab.status AS status_b, aa.due_on`

// groupJoin is a clinician's groups on their active links, both assignments theirs.
const groupJoin = `FROM couple_groups g
	JOIN couple_links l ON l.id = g.link_id AND l.unlinked_at IS NULL
	JOIN assignments aa ON aa.id = g.assignment_a AND aa.client_id = l.client_a AND aa.clinician_id = l.clinician_id
	JOIN assignments ab ON ab.id = g.assignment_b AND ab.client_id = l.client_b AND ab.clinician_id = l.clinician_id
	JOIN worksheet_versions wv ON wv.id = aa.worksheet_version_id
	JOIN worksheets w ON w.id = wv.worksheet_id
	WHERE l.clinician_id = ? AND g.clinician_id = l.clinician_id`

// AssignToCouple gives both partners the same worksheet in one action: an
// assignment each, grouped, each completed privately. The safety switch
// stops it.
func (s *Service) AssignToCouple(ctx context.Context, a auth.Actor, linkID int64, item assignment.New) (int64, error) {
	l, err := s.Get(ctx, a, linkID)
	if err != nil {
		return 0, err
	}
	if l.IndividualOnly {
		return 0, invalid("couple", "Individual work only is on for this couple, so nothing can be assigned to them together. "+
			"Assign work from each client's own page.")
	}
	item.Kind = assignment.KindWorksheet
	item.Recurrence, item.RecurUntil = assignment.RecurNone, ""
	if strings.TrimSpace(item.Slug) == "" {
		return 0, invalid("slug", "Please choose a worksheet for both partners.")
	}
	var archived int64
	if err := s.db.WithContext(ctx).Raw(`SELECT count(*) FROM clients WHERE id IN (?, ?) AND clinician_id = ? AND archived_at IS NOT NULL`,
		l.ClientA, l.ClientB, a.UserID).Scan(&archived).Error; err != nil {
		return 0, fmt.Errorf("check partners: %w", err)
	}
	if archived > 0 {
		return 0, invalid("couple", "One of the partners is archived. Restore them before assigning joint work.")
	}
	// Two calls to the assignment service, so each assignment gets its usual
	// pinning, audit and notification. The first validates the form, so the
	// second can only fail on a database error.
	idsA, err := s.assignments.Assign(ctx, a, l.ClientA, []assignment.New{item})
	if err != nil {
		return 0, err
	}
	idsB, err := s.assignments.Assign(ctx, a, l.ClientB, []assignment.New{item})
	if err != nil {
		return 0, fmt.Errorf("assign second partner (first partner's assignment %d stays theirs): %w", idsA[0], err)
	}
	var gid int64
	err = database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		err := tx.Raw(`INSERT INTO couple_groups (link_id, clinician_id, assignment_a, assignment_b) VALUES (?, ?, ?, ?) RETURNING id`,
			l.ID, a.UserID, idsA[0], idsB[0]).Scan(&gid).Error
		if err != nil {
			return fmt.Errorf("group couple assignment: %w", err)
		}
		return s.recordBoth(ctx, tx, a, AuditAssigned, l, item.Slug)
	})
	return gid, err
}

// Groups lists a couple's joint worksheets, newest first.
func (s *Service) Groups(ctx context.Context, a auth.Actor, linkID int64) ([]Group, error) {
	if _, err := s.Get(ctx, a, linkID); err != nil {
		return nil, err
	}
	var out []Group
	err := s.db.WithContext(ctx).Raw(`SELECT `+groupCols+` `+groupJoin+` AND g.link_id = ? ORDER BY g.created_at DESC, g.id DESC LIMIT 200`,
		a.UserID, linkID).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list couple groups: %w", err)
	}
	return out, nil
}

func (s *Service) group(ctx context.Context, a auth.Actor, linkID, groupID int64) (Group, error) {
	if a.Role != auth.RoleClinician {
		return Group{}, ErrNotFound
	}
	var g Group
	err := s.db.WithContext(ctx).Raw(`SELECT `+groupCols+` `+groupJoin+` AND g.link_id = ? AND g.id = ?`,
		a.UserID, linkID, groupID).Scan(&g).Error
	if err != nil {
		return Group{}, fmt.Errorf("get couple group: %w", err)
	}
	if g.ID == 0 {
		return Group{}, ErrNotFound
	}
	return g, nil
}

// Audience is who a comparison is laid out for.
type Audience int

const (
	// ForClinician shows every submitted answer except those a partner kept
	// to their own worksheet ("private").
	ForClinician Audience = iota
	// ForCouple shows only answers each partner chose to share with the
	// other, for a handout the couple may both read.
	ForCouple
)

// GroupView is a joint worksheet with both partners' answers side by side.
type GroupView struct {
	Link       Link
	Group      Group
	Comparison Comparison
	Audience   Audience
}

// Compare lays out a couple's joint worksheet for the clinician: complete
// once both submitted, partial before. Drafts are never read.
func (s *Service) Compare(ctx context.Context, a auth.Actor, linkID, groupID int64, aud Audience) (GroupView, error) {
	l, err := s.Get(ctx, a, linkID)
	if err != nil {
		return GroupView{}, err
	}
	g, err := s.group(ctx, a, linkID, groupID)
	if err != nil {
		return GroupView{}, err
	}
	sides, schema, err := s.sides(ctx, a, l, g, aud)
	if err != nil {
		return GroupView{}, err
	}
	v := GroupView{Link: l, Group: g, Audience: aud, Comparison: Compare(schema, g.Slug, sides[0], sides[1])}
	if err := s.addOffers(ctx, a, &v); err != nil {
		return GroupView{}, err
	}
	return v, nil
}

// sides reads both partners' submitted answers to a group, each with what
// the audience may not see withheld. Partner A is always the link's client A.
func (s *Service) sides(ctx context.Context, a auth.Actor, l Link, g Group, aud Audience) ([2]Side, worksheet.Schema, error) {
	sides := [2]Side{{Name: l.NameA}, {Name: l.NameB}}
	var schema worksheet.Schema
	for i, id := range []int64{g.AssignmentA, g.AssignmentB} {
		asg, err := s.assignments.Get(ctx, a, id)
		if err != nil {
			return [2]Side{}, worksheet.Schema{}, err
		}
		wv, err := s.assignments.Worksheet(ctx, asg)
		if err != nil {
			return [2]Side{}, worksheet.Schema{}, err
		}
		if i == 0 {
			schema = wv.Schema
		}
		if !asg.Done() {
			continue
		}
		resp, err := s.assignments.Response(ctx, a, asg)
		if err != nil {
			return [2]Side{}, worksheet.Schema{}, err
		}
		if resp.State != "submitted" {
			continue
		}
		sh, err := s.sharingOf(ctx, s.db, id)
		if err != nil {
			return [2]Side{}, worksheet.Schema{}, err
		}
		sides[i].Submitted, sides[i].Answers = true, resp.Answers
		sides[i].Withheld = map[string]bool{}
		for _, f := range wv.Schema.Fields() {
			lv := sh.levelFor(f)
			switch aud {
			case ForClinician:
				sides[i].Withheld[f.ID] = lv == LevelPrivate
			case ForCouple:
				sides[i].Withheld[f.ID] = lv != LevelPartner || !sh.confirmed(resp.Version) || l.IndividualOnly
			}
		}
	}
	return sides, schema, nil
}

// addOffers lays one partner's needs beside the other's offer when the
// group is one of the paired inventories and the couple has the other one
// too (its newest group): both directions, as an extra section of rows, with
// a need the other finds hard to give among the tensions.
func (s *Service) addOffers(ctx context.Context, a auth.Actor, v *GroupView) error {
	other := map[string]string{NeedsSlug: OffersSlug, OffersSlug: NeedsSlug}[v.Group.Slug]
	if other == "" {
		return nil
	}
	groups, err := s.Groups(ctx, a, v.Link.ID)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(groups, func(g Group) bool { return g.Slug == other })
	if i < 0 {
		return nil
	}
	needsG, offersG := v.Group, groups[i]
	if v.Group.Slug == OffersSlug {
		needsG, offersG = offersG, needsG
	}
	needs, needsSchema, err := s.sides(ctx, a, v.Link, needsG, v.Audience)
	if err != nil {
		return err
	}
	offers, offersSchema, err := s.sides(ctx, a, v.Link, offersG, v.Audience)
	if err != nil {
		return err
	}
	sec, ts := OfferSection(v.Link.NameA, v.Link.NameB,
		MatchOffers(needsSchema, needs[0], offersSchema, offers[1]),
		MatchOffers(needsSchema, needs[1], offersSchema, offers[0]))
	if len(sec.Rows) > 0 {
		v.Comparison.Sections = append(v.Comparison.Sections, sec)
		v.Comparison.Tensions = append(v.Comparison.Tensions, ts...)
	}
	return nil
}

// JointPlanSlug is the worksheet whose joint handout the clinician can print.
const JointPlanSlug = "aftercare-plan"

// ErrNotReady means the joint handout waits for both partners to submit.
var ErrNotReady = errors.New("joint handout not ready")

// ErrIndividualOnly means the safety switch is on: nothing joint is made.
var ErrIndividualOnly = errors.New("couple is individual work only")

// JointPlan is the comparison behind the joint aftercare-plan handout. It
// needs both partners' submitted plans and the safety switch off; ForCouple
// holds only what each partner shared with the other. The print is audited.
func (s *Service) JointPlan(ctx context.Context, a auth.Actor, linkID, groupID int64, aud Audience) (GroupView, error) {
	v, err := s.Compare(ctx, a, linkID, groupID, aud)
	if err != nil {
		return GroupView{}, err
	}
	switch {
	case v.Group.Slug != JointPlanSlug:
		return GroupView{}, ErrNotFound
	case v.Link.IndividualOnly:
		return GroupView{}, ErrIndividualOnly
	case !v.Comparison.Complete:
		return GroupView{}, ErrNotReady
	}
	detail := "clinician copy"
	if aud == ForCouple {
		detail = "couple copy"
	}
	for _, c := range []int64{v.Link.ClientA, v.Link.ClientB} {
		s.audit.Record(ctx, a, AuditJointPrinted, "couple_group", groupID, c, detail)
	}
	return v, nil
}
