package mfa

import "github.com/tend-practice/tend/internal/sealkeys"

// SealedColumns are the columns this package seals, for the key manager
// (tend seal-existing, tend rotate-keys): authenticator secrets. A practice
// has a few dozen staff; the manager walks them like any other column.
func SealedColumns() []sealkeys.Column {
	return []sealkeys.Column{{Table: "mfa_factors", Key: "user_id", Plain: "secret", Sealed: "secret_sealed",
		Type: "text", Empty: "''", Record: factorRecord}}
}
