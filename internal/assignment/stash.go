package assignment

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/worksheet"
)

// StashSchema returns the schema of the worksheet pinned to assignment id,
// to bound a form that arrived after its session expired (the draft stash).
// Nobody is signed in then, so it takes no actor and returns nothing but the
// schema: ErrNotFound alike for a missing assignment, a module and work that
// is already submitted. What the stash keeps is shown only to the
// assignment's client after they sign in.
func (s *Service) StashSchema(ctx context.Context, id int64) (worksheet.Schema, error) {
	var a struct {
		Kind               string
		Status             string
		WorksheetVersionID *int64
	}
	err := s.db.WithContext(ctx).Table("assignments").Select("kind, status, worksheet_version_id").
		Where("id = ?", id).Take(&a).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return worksheet.Schema{}, ErrNotFound
	}
	if err != nil {
		return worksheet.Schema{}, fmt.Errorf("stash schema: %w", err)
	}
	if a.Kind != KindWorksheet || a.WorksheetVersionID == nil || (a.Status != StatusAssigned && a.Status != StatusInProgress) {
		return worksheet.Schema{}, ErrNotFound
	}
	v, err := s.worksheets.VersionByID(ctx, *a.WorksheetVersionID)
	if err != nil {
		return worksheet.Schema{}, err
	}
	return v.Schema, nil
}
