// Package builtin holds the built-in programs' titles and descriptions in
// other languages: <lang>.json ({"<program slug>": {"title": ...,
// "description": ...}}) with sources.<lang>.yaml naming the sha256 of the
// English source (internal/program/builtin.go) each was made from. The
// programs themselves, and their English texts, are in package program.
package builtin

import "embed"

// FS holds this folder (the pattern must match something before the first
// translation lands, so it embeds this file too; only <lang>.json is read).
//
//go:embed *
var FS embed.FS
