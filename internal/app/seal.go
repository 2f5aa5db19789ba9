package app

import (
	"context"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/mfa"
	"github.com/tend-practice/tend/internal/seal"
	"github.com/tend-practice/tend/internal/sealkeys"
)

// sealKeys is the key manager over every sealed column. Secrets first:
// they are few, and the order of the walk is the order of the report.
func sealKeys(db *database.DB, keys *seal.Keyring) *sealkeys.Manager {
	var cols []sealkeys.Column
	cols = append(cols, mfa.SealedColumns()...)
	cols = append(cols, assignment.SealedColumns()...)
	return sealkeys.New(db.Gorm, keys, cols...)
}

// SealReport counts what SealExisting or RotateKeys changed, over every
// sealed column: reflections and comments, and authenticator secrets.
type SealReport struct {
	Responses int // responses sealed or sealed again
	Comments  int
	Secrets   int // authenticator secrets sealed or sealed again
	Remaining int // values still under another key or in the clear (changed concurrently; run again)
}

// SealExisting seals everything still stored in the clear (rows written
// before sealing, or by an older binary). tend serve runs it at start-up.
func (a *App) SealExisting(ctx context.Context) (SealReport, error) {
	return report(a.SealKeys.SealExisting(ctx))
}

// RotateKeys seals again, with the current key, everything sealed with an
// older one, then forgets the probes of keys nothing uses any more.
func (a *App) RotateKeys(ctx context.Context) (SealReport, error) {
	return report(a.SealKeys.Rotate(ctx))
}

func report(r sealkeys.Report, err error) (SealReport, error) {
	return SealReport{Responses: r.ByTable["responses"], Comments: r.ByTable["comments"],
		Secrets: r.ByTable["mfa_factors"], Remaining: r.Remaining}, err
}
