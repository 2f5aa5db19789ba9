// Package templates holds Tend's pages: layouts/, partials/, pages/<area>/
// and the static CSS and JavaScript, all embedded in the binary.
package templates

import "embed"

// FS holds every template and static file.
//
//go:embed layouts/*.html partials/*.html pages static
var FS embed.FS
