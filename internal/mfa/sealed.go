package mfa

import (
	"context"
	"fmt"
)

// SealReport counts what SealSecrets changed.
type SealReport struct {
	Sealed    int // secrets sealed, or sealed again with the current key
	Remaining int // changed concurrently; run again
}

// SealSecrets seals every authenticator secret still stored in the clear
// (by a binary from before sealing) and empties its plaintext. With rotate
// it also seals again, with the current key, every secret sealed with an
// older one (tend rotate-keys). Safe while the app serves: a row is
// replaced only if it still holds what was read.
func (s *Service) SealSecrets(ctx context.Context, rotate bool) (SealReport, error) {
	var rep SealReport
	if s.keys == nil {
		return rep, ErrNoKeys
	}
	stale := "secret_sealed IS NULL"
	if rotate {
		stale += fmt.Sprintf(" OR get_byte(secret_sealed, 1) <> %d", int(s.keys.Current()))
	}
	db := s.db.WithContext(ctx)
	// A practice has a few dozen staff: one pass, no batches.
	var rows []struct {
		UserID       int64
		Secret       string
		SecretSealed []byte
	}
	if err := db.Raw(`SELECT user_id, secret, secret_sealed FROM mfa_factors WHERE ` + stale + ` ORDER BY user_id`).Scan(&rows).Error; err != nil {
		return rep, fmt.Errorf("find mfa secrets to seal: %w", err)
	}
	for _, r := range rows {
		plain := []byte(r.Secret)
		if r.SecretSealed != nil {
			var err error
			if plain, err = s.keys.Open(r.SecretSealed, factorRecord(r.UserID)); err != nil {
				return rep, fmt.Errorf("open mfa secret of user %d: %w", r.UserID, err)
			}
		}
		sealed, err := s.keys.Seal(plain, factorRecord(r.UserID))
		if err != nil {
			return rep, err
		}
		q := db.Exec(`UPDATE mfa_factors SET secret_sealed = ?, secret = '' WHERE user_id = ?
			AND secret_sealed IS NOT DISTINCT FROM ?::bytea AND secret = ?`, sealed, r.UserID, r.SecretSealed, r.Secret)
		if q.Error != nil {
			return rep, fmt.Errorf("seal mfa secret of user %d: %w", r.UserID, q.Error)
		}
		if q.RowsAffected == 1 {
			rep.Sealed++
		} else {
			rep.Remaining++
		}
	}
	return rep, nil
}
