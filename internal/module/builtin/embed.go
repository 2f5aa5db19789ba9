// Package builtin holds Tend's built-in psychoeducation modules (one
// Markdown file with YAML front matter per module) and the references they
// may cite. It is read-only data with no behaviour of its own.
package builtin

import "embed"

// FS holds every built-in module (<slug>.md) and references.yaml.
//
//go:embed *.md references.yaml
var FS embed.FS
