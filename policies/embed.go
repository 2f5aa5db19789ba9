// Package policies holds the Casbin model and policy. They are code: changed
// only by commit, loaded from the binary.
package policies

import _ "embed"

// Model is the Casbin model.
//
//go:embed model.conf
var Model string

// Policy is the Casbin policy: role, object, action.
//
//go:embed policy.csv
var Policy string
