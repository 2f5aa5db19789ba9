package app

import (
	"context"
	"fmt"

	"github.com/tend-practice/tend/internal/module"
	modulebuiltin "github.com/tend-practice/tend/internal/module/builtin"
	"github.com/tend-practice/tend/internal/worksheet"
)

// SyncLibrary brings the built-in modules and worksheets into the database.
// It is idempotent: unchanged files change nothing, changed ones become new
// versions, and assignments keep the versions they pinned.
func (a *App) SyncLibrary(ctx context.Context) error {
	defs, refs, err := module.Builtins(modulebuiltin.FS)
	if err != nil {
		return err
	}
	if err := a.Modules.Sync(ctx, defs, refs); err != nil {
		return fmt.Errorf("sync modules: %w", err)
	}
	schemas, err := worksheet.Builtins()
	if err != nil {
		return err
	}
	if err := a.Worksheets.Sync(ctx, schemas); err != nil {
		return fmt.Errorf("sync worksheets: %w", err)
	}
	if err := a.Programs.SyncBuiltins(ctx); err != nil {
		return fmt.Errorf("sync programs: %w", err)
	}
	return nil
}
