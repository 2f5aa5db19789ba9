package assignment

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
)

// Comment is feedback on a reflection (clinician) or a reply (client).
// Private comments are the clinician's own notes: a client never sees them.
type Comment struct {
	ID         int64
	AuthorID   int64
	AuthorName string
	AuthorRole string
	FieldID    string
	Body       string
	Private    bool
	CreatedAt  time.Time
	// New marks a comment someone else wrote that this viewer has not yet
	// seen (comment_reads); always false for an administrator.
	New bool
}

// MaxCommentLength bounds one comment.
const MaxCommentLength = 5000

// Comments lists an assignment's comments, oldest first; a client gets only
// the shared ones.
func (s *Service) Comments(ctx context.Context, actor auth.Actor, a Assignment) ([]Comment, error) {
	unseen, args := unseenExpr(actor)
	q := s.db.WithContext(ctx).Table("comments cm").
		Select(`cm.id, cm.author_id, COALESCE(NULLIF(u.display_name, ''), u.email) AS author_name, u.role AS author_role,
			cm.field_id, cm.body, cm.body_sealed, cm.private, cm.created_at, `+unseen, args...).
		Joins("JOIN users u ON u.id = cm.author_id").
		Joins("JOIN assignments a ON a.id = cm.assignment_id").
		Where("cm.assignment_id = ?", a.ID)
	q = owned(q, actor)
	if actor.Role != auth.RoleClinician {
		q = q.Where("NOT cm.private")
	}
	var rows []struct {
		Comment
		BodySealed []byte
	}
	if err := q.Order("cm.created_at, cm.id").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("list comments: %w", err)
	}
	out := make([]Comment, 0, len(rows))
	for _, r := range rows {
		body, err := s.openComment(r.ID, r.BodySealed, r.Body)
		if err != nil {
			return nil, err
		}
		r.Comment.Body = body
		out = append(out, r.Comment)
	}
	return out, nil
}

// AddComment adds a comment on the whole reflection (fieldID "") or on one
// answer. Only clinicians may write private notes.
func (s *Service) AddComment(ctx context.Context, actor auth.Actor, id int64, fieldID, body string, private bool) error {
	if actor.Role != auth.RoleClinician && actor.Role != auth.RoleClient {
		return ErrNotFound // administrators never write, even with emergency access
	}
	a, err := s.Get(ctx, actor, id)
	if err != nil {
		return err
	}
	body = strings.TrimSpace(body)
	switch {
	case body == "":
		return &ValidationError{Fields: map[string]string{"body": "Please write something first."}}
	case len([]rune(body)) > MaxCommentLength:
		return &ValidationError{Fields: map[string]string{"body": "Please keep a comment under 5,000 characters."}}
	}
	if actor.Role != auth.RoleClinician {
		private = false
	}
	if fieldID != "" && a.Kind == KindWorksheet {
		wv, err := s.Worksheet(ctx, a)
		if err != nil {
			return err
		}
		if _, ok := wv.Schema.Field(fieldID); !ok {
			fieldID = ""
		}
	} else {
		fieldID = ""
	}
	err = database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		// The id comes first: the sealed body is bound to it.
		var cid int64
		if err := tx.Raw(`SELECT nextval(pg_get_serial_sequence('comments', 'id'))`).Scan(&cid).Error; err != nil {
			return fmt.Errorf("add comment: %w", err)
		}
		sealed, err := s.seal([]byte(body), commentRecord(cid))
		if err != nil {
			return err
		}
		err = tx.Exec(`INSERT INTO comments (id, assignment_id, author_id, field_id, body, body_sealed, private) VALUES (?, ?, ?, ?, '', ?, ?)`,
			cid, id, actor.UserID, fieldID, sealed, private).Error
		if err != nil {
			return fmt.Errorf("add comment: %w", err)
		}
		if err := tx.Exec(`UPDATE assignments SET updated_at = now() WHERE id = ?`, id).Error; err != nil {
			return err
		}
		return s.audit.RecordTx(ctx, tx, actor, audit.CommentAdded, "assignment", id, a.ClientID, "")
	})
	switch {
	case err != nil:
	case actor.Role == auth.RoleClinician && !private:
		s.notifyClient(ctx, a.ClientID)
	case actor.Role == auth.RoleClient:
		s.notifyClinician(ctx, a.ClinicianID)
	}
	return err
}

// Review marks a submitted reflection as reviewed.
func (s *Service) Review(ctx context.Context, actor auth.Actor, id int64) error {
	return s.transition(ctx, actor, id, `status = 'reviewed', reviewed_at = now()`, "status = 'submitted'", "reviewed")
}

// Reopen lets the client revise a submitted worksheet: it becomes a draft again.
func (s *Service) Reopen(ctx context.Context, actor auth.Actor, id int64) error {
	return s.transition(ctx, actor, id, `status = 'in_progress', reviewed_at = NULL, submitted_at = NULL, flagged = false`,
		"status IN ('submitted', 'reviewed') AND kind = 'worksheet'", "reopened")
}

func (s *Service) transition(ctx context.Context, actor auth.Actor, id int64, set, from, detail string) error {
	if actor.Role != auth.RoleClinician {
		return ErrNotFound
	}
	a, err := s.Get(ctx, actor, id)
	if err != nil {
		return err
	}
	return database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		res := tx.Exec(`UPDATE assignments SET `+set+`, updated_at = now() WHERE id = ? AND clinician_id = ? AND `+from, id, actor.UserID)
		if res.Error != nil {
			return fmt.Errorf("%s assignment: %w", detail, res.Error)
		}
		if res.RowsAffected == 0 {
			return &ValidationError{Fields: map[string]string{"status": "This work is not in a state that allows that."}}
		}
		if detail == "reopened" {
			if err := tx.Exec(`UPDATE responses SET state = 'draft', version = version + 1, submission_key = NULL, updated_at = now()
				WHERE assignment_id = ?`, id).Error; err != nil {
				return fmt.Errorf("reopen response: %w", err)
			}
		}
		return s.audit.RecordTx(ctx, tx, actor, audit.AssignmentChanged, "assignment", id, a.ClientID, detail)
	})
}
