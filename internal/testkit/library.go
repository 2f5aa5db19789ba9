package testkit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"log/slog"

	"github.com/tend-practice/tend/internal/app"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/database/dbtest"
	modulebuiltin "github.com/tend-practice/tend/internal/module/builtin"
	"github.com/tend-practice/tend/internal/program"
	worksheetbuiltin "github.com/tend-practice/tend/internal/worksheet/builtin"
)

// librarySync names the way SyncLibrary writes the built-in library; bump
// it when that changes without the content or the migrations changing, so
// that test databases stop being cloned from a library written the old way.
const librarySync = "1"

// library is the test database template holding the built-in library, as
// SyncLibrary writes it on a fresh database: written once per content and
// set of migrations, then cloned for every test that loads the library
// (each still runs SyncLibrary, which finds it up to date). Syncing into
// every test's own database was about a third of a second each.
func library() (dbtest.Filled, error) {
	h := sha256.New()
	fmt.Fprintf(h, "sync %s\n", librarySync)
	for _, fsys := range []fs.FS{modulebuiltin.FS, worksheetbuiltin.FS} {
		err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(fsys, path)
			fmt.Fprintf(h, "%s %d\n", path, len(b))
			h.Write(b)
			return err
		})
		if err != nil {
			return dbtest.Filled{}, fmt.Errorf("hash the built-in library: %w", err)
		}
	}
	fmt.Fprintf(h, "%#v", program.Builtins())
	return dbtest.Filled{Key: "library " + hex.EncodeToString(h.Sum(nil)), Fill: fillLibrary}, nil
}

// fillLibrary syncs the library into the database at url with the app a
// test would build, then removes what app.New itself writes (the data
// keys' probes), so a clone is a fresh database plus the library.
func fillLibrary(ctx context.Context, url string) error {
	db, err := database.Open(ctx, url, database.Options{MaxConns: 2})
	if err != nil {
		return err
	}
	defer db.Close()
	a, err := app.New(ctx, Config(), db, slog.New(slog.NewTextHandler(io.Discard, nil)), app.Options{Passwords: auth.TestParams})
	if err != nil {
		return err
	}
	if err := a.SyncLibrary(ctx); err != nil {
		return err
	}
	_, err = db.SQL.ExecContext(ctx, `DELETE FROM seal_keys`)
	return err
}
