// Package fielderr is the one shape of a validation error: person-facing
// messages keyed by form field (or worksheet question id). Every domain
// package's ValidationError satisfies Error, so the web layer reads them all
// the same way and answers 422 with each message next to its input.
//
// It is a leaf: it imports nothing from this module.
package fielderr

import "errors"

// Error is a validation error that carries a message per field.
type Error interface {
	error
	FieldErrors() map[string]string
}

// Fields returns the per-field messages of the first Error in err's chain,
// or nil when err carries none. A field error with no messages still
// answers a non-nil (empty) map, so "is it a field error" is "!= nil".
func Fields(err error) map[string]string {
	var fe Error
	if !errors.As(err, &fe) {
		return nil
	}
	if f := fe.FieldErrors(); f != nil {
		return f
	}
	return map[string]string{}
}

// Is reports whether err's chain holds a field error.
func Is(err error) bool {
	var fe Error
	return errors.As(err, &fe)
}
