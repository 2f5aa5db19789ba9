package assignment

import (
	"context"
	"fmt"

	"github.com/tend-practice/tend/internal/auth"
)

// readsComments reports whether actor keeps a record of the comments they
// have seen: the client and the clinician do; an administrator reading
// through emergency access leaves no trace in their view.
func readsComments(actor auth.Actor) bool {
	return actor.UserID != 0 && (actor.Role == auth.RoleClient || actor.Role == auth.RoleClinician)
}

// unseenExpr is the select column "new" for a comments query aliased cm:
// written by someone else after the newest comment the viewer has seen.
func unseenExpr(actor auth.Actor) (string, []any) {
	if !readsComments(actor) {
		return "false AS new", nil
	}
	return `(cm.author_id <> ? AND cm.id > COALESCE((SELECT r.last_comment_id FROM comment_reads r
		WHERE r.assignment_id = cm.assignment_id AND r.user_id = ?), 0)) AS new`, []any{actor.UserID, actor.UserID}
}

// MarkCommentsSeen records that actor has now seen every comment in
// comments (as listed for them by Comments) on assignment a. It never moves
// the mark backwards.
func (s *Service) MarkCommentsSeen(ctx context.Context, actor auth.Actor, a Assignment, comments []Comment) error {
	if !readsComments(actor) || len(comments) == 0 {
		return nil
	}
	var newest int64
	for _, cm := range comments {
		newest = max(newest, cm.ID)
	}
	err := s.db.WithContext(ctx).Exec(`INSERT INTO comment_reads (assignment_id, user_id, last_comment_id, seen_at)
		VALUES (?, ?, ?, ?)
		ON CONFLICT (assignment_id, user_id) DO UPDATE
		SET last_comment_id = GREATEST(comment_reads.last_comment_id, EXCLUDED.last_comment_id), seen_at = EXCLUDED.seen_at`,
		a.ID, actor.UserID, newest, s.now()).Error
	if err != nil {
		return fmt.Errorf("mark comments seen on %d: %w", a.ID, err)
	}
	return nil
}

// UnseenComments counts, per assignment in ids the actor owns, the comments
// they may see that someone else wrote since they last looked.
func (s *Service) UnseenComments(ctx context.Context, actor auth.Actor, ids []int64) (map[int64]int, error) {
	out := map[int64]int{}
	if !readsComments(actor) || len(ids) == 0 {
		return out, nil
	}
	q := s.db.WithContext(ctx).Table("comments cm").
		Select("cm.assignment_id AS id, count(*) AS n").
		Joins("JOIN assignments a ON a.id = cm.assignment_id").
		Joins("LEFT JOIN comment_reads r ON r.assignment_id = cm.assignment_id AND r.user_id = ?", actor.UserID).
		Where("cm.assignment_id IN ? AND cm.author_id <> ? AND cm.id > COALESCE(r.last_comment_id, 0)", ids, actor.UserID)
	q = owned(q, actor)
	if actor.Role != auth.RoleClinician {
		q = q.Where("NOT cm.private")
	}
	var rows []struct {
		ID int64
		N  int
	}
	if err := q.Group("cm.assignment_id").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("count unseen comments: %w", err)
	}
	for _, r := range rows {
		out[r.ID] = r.N
	}
	return out, nil
}
