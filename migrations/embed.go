// Package migrations holds Tend's schema as plain SQL files, applied in order
// by goose. A file that has landed on main is never edited: add a new one.
package migrations

import "embed"

// FS holds every migration file.
//
//go:embed *.sql
var FS embed.FS
