package app

import (
	"context"

	"github.com/tend-practice/tend/internal/assignment"
)

// SealReport counts what SealExisting or RotateKeys changed, over every
// sealed column: reflections and comments, and authenticator secrets.
type SealReport struct {
	assignment.SealReport
	Secrets int // authenticator secrets sealed or sealed again
}

// SealExisting seals everything still stored in the clear (rows written
// before sealing, or by an older binary). tend serve runs it at start-up.
func (a *App) SealExisting(ctx context.Context) (SealReport, error) { return a.reseal(ctx, false) }

// RotateKeys seals again, with the current key, everything sealed with an
// older one, then forgets the probes of keys nothing uses any more.
func (a *App) RotateKeys(ctx context.Context) (SealReport, error) { return a.reseal(ctx, true) }

func (a *App) reseal(ctx context.Context, rotate bool) (SealReport, error) {
	var rep SealReport
	// Secrets first: forgetting a key's probe (in Assignments.RotateKeys)
	// checks that no secret is still sealed with it.
	secrets, err := a.MFA.SealSecrets(ctx, rotate)
	rep.Secrets = secrets.Sealed
	if err != nil {
		return rep, err
	}
	reseal := a.Assignments.SealExisting
	if rotate {
		reseal = a.Assignments.RotateKeys
	}
	rep.SealReport, err = reseal(ctx)
	rep.Remaining += secrets.Remaining
	return rep, err
}
