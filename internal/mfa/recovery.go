package mfa

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// RecoveryCodeCount is how many one-time codes an account gets at a time.
const RecoveryCodeCount = 10

// recoveryAlphabet leaves out letters and digits that are easily confused
// (0/o, 1/l/i) when read off paper.
const recoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

// newRecoveryCodes returns codes of 12 random characters (about 59 bits),
// written in groups of four.
func newRecoveryCodes() []string {
	codes := make([]string, RecoveryCodeCount)
	for i := range codes {
		var b strings.Builder
		for j := 0; j < 12; j++ {
			if j > 0 && j%4 == 0 {
				b.WriteByte('-')
			}
			b.WriteByte(recoveryAlphabet[randomIndex(len(recoveryAlphabet))])
		}
		codes[i] = b.String()
	}
	return codes
}

// randomIndex returns a uniform random number below n (n < 256), rejecting
// bytes that would bias it.
func randomIndex(n int) int {
	limit := 256 - 256%n
	var b [1]byte
	for {
		_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
		if int(b[0]) < limit {
			return int(b[0]) % n
		}
	}
}

// normalizeRecovery accepts a code as typed: any case, with or without
// spaces and dashes.
func normalizeRecovery(code string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == ' ' || r == '\t':
			return -1
		case r >= 'A' && r <= 'Z':
			return r + ('a' - 'A')
		}
		return r
	}, code)
}

// hashRecovery hashes a code with its account's id. A fast hash is enough:
// the codes are long random strings, not passwords a person chose, and a
// slow hash would make checking ten of them at sign-in costly.
func hashRecovery(userID int64, code string) []byte {
	h := sha256.Sum256([]byte(fmt.Sprintf("tend-recovery:%d:%s", userID, normalizeRecovery(code))))
	return h[:]
}

func replaceCodes(tx *gorm.DB, userID int64, codes []string) error {
	if err := tx.Exec(`DELETE FROM mfa_recovery_codes WHERE user_id = ?`, userID).Error; err != nil {
		return fmt.Errorf("remove old recovery codes: %w", err)
	}
	for _, c := range codes {
		if err := tx.Exec(`INSERT INTO mfa_recovery_codes (user_id, code_hash) VALUES (?, ?)`, userID, hashRecovery(userID, c)).Error; err != nil {
			return fmt.Errorf("store recovery code: %w", err)
		}
	}
	return nil
}

// useRecoveryCode uses up a matching unused code, once, and reports how
// many are left.
func (s *Service) useRecoveryCode(ctx context.Context, userID int64, code string) (bool, int, error) {
	norm := normalizeRecovery(code)
	if len(norm) != 12 {
		return false, 0, nil
	}
	res := s.db.WithContext(ctx).Exec(`UPDATE mfa_recovery_codes SET used_at = now()
		WHERE user_id = ? AND code_hash = ? AND used_at IS NULL`, userID, hashRecovery(userID, norm))
	if res.Error != nil {
		return false, 0, fmt.Errorf("use recovery code: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return false, 0, nil
	}
	left, err := s.codesLeft(ctx, s.db, userID)
	return true, left, err
}

func (s *Service) codesLeft(ctx context.Context, db *gorm.DB, userID int64) (int, error) {
	var n int64
	if err := db.WithContext(ctx).Table("mfa_recovery_codes").Where("user_id = ? AND used_at IS NULL", userID).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count recovery codes: %w", err)
	}
	return int(n), nil
}
