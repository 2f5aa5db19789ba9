package app

import (
	"context"
	"fmt"

	"github.com/tend-practice/tend/internal/module"
	modulebuiltin "github.com/tend-practice/tend/internal/module/builtin"
	"github.com/tend-practice/tend/internal/worksheet"
)

// SyncLibrary brings the built-in modules and worksheets, with their
// translations, and programs into the database. It is idempotent:
// unchanged files change nothing, changed ones become new versions, and
// assignments keep the versions they pinned. A translation that is not
// one (another structure, other references) fails the sync.
func (a *App) SyncLibrary(ctx context.Context) error {
	defs, refs, err := module.Builtins(modulebuiltin.FS)
	if err != nil {
		return err
	}
	trs, err := module.BuiltinTranslations(modulebuiltin.FS, defs)
	if err != nil {
		return fmt.Errorf("built-in module translations: %w", err)
	}
	if err := a.Modules.Sync(ctx, defs, refs); err != nil {
		return fmt.Errorf("sync modules: %w", err)
	}
	if err := a.Modules.SyncTranslations(ctx, trs, refs); err != nil {
		return fmt.Errorf("sync module translations: %w", err)
	}
	set, err := worksheet.LoadBuiltins()
	if err != nil {
		return err
	}
	if err := a.Worksheets.SyncBuiltins(ctx, set); err != nil {
		return fmt.Errorf("sync worksheets: %w", err)
	}
	if err := a.Programs.SyncBuiltins(ctx); err != nil {
		return fmt.Errorf("sync programs: %w", err)
	}
	return nil
}
