// Package builtin holds the worksheets Tend ships with, as JSON schemas
// embedded in the binary. Package worksheet parses them (worksheet.Builtins);
// this package only carries the files so it has no dependencies.
package builtin

import "embed"

// FS holds one <slug>.json schema per built-in worksheet, and their
// translations (<lang>/<slug>.json, each folder with its sources.yaml).
//
//go:embed *.json es el
var FS embed.FS
