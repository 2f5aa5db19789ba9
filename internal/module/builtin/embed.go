// Package builtin holds Tend's built-in psychoeducation modules (one
// Markdown file with YAML front matter per module), the references they
// may cite, and a clinician's guide for each module (guides/<slug>.md). It
// is read-only data with no behaviour of its own.
package builtin

import "embed"

// FS holds every built-in module (<slug>.md), references.yaml and the
// clinicians' guides (guides/<slug>.md), and their translations
// (<lang>/<slug>.md, guides/<lang>/<slug>.md, each folder with its
// sources.yaml).
//
//go:embed *.md references.yaml guides/*.md es el guides/es guides/el
var FS embed.FS
