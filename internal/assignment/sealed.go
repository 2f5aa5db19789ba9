package assignment

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/seal"
	"github.com/tend-practice/tend/internal/worksheet"
)

// What clients write (answers, drafts included) and comments are sealed by
// the application before they reach PostgreSQL (internal/seal). Each value
// is bound to its row: responses by assignment id (a response is unique per
// assignment), comments by comment id.

// ErrNoKeys means the service was built without data keys: it refuses to
// read or write reflections rather than store them in the clear.
var ErrNoKeys = errors.New("assignment: no data keys configured")

// WithKeys gives the service the keys that seal and open reflections.
func WithKeys(k *seal.Keyring) Option { return func(s *Service) { s.keys = k } }

func responseRecord(assignmentID int64) string {
	return "responses:" + strconv.FormatInt(assignmentID, 10)
}

func commentRecord(id int64) string { return "comments:" + strconv.FormatInt(id, 10) }

func (s *Service) seal(plain []byte, record string) ([]byte, error) {
	if s.keys == nil {
		return nil, ErrNoKeys
	}
	return s.keys.Seal(plain, record)
}

// openAnswers reads a response's answers: the sealed column, or for a row
// not sealed yet (written before sealing), the plaintext one.
func (s *Service) openAnswers(assignmentID int64, sealed, plain []byte) (worksheet.Answers, error) {
	raw := plain
	if sealed != nil {
		if s.keys == nil {
			return nil, ErrNoKeys
		}
		var err error
		if raw, err = s.keys.Open(sealed, responseRecord(assignmentID)); err != nil {
			return nil, fmt.Errorf("open answers of assignment %d: %w", assignmentID, err)
		}
	}
	var a worksheet.Answers
	if len(raw) == 0 {
		return a, nil
	}
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, fmt.Errorf("decode answers: %w", err)
	}
	return a, nil
}

func (s *Service) openComment(id int64, sealed []byte, plain string) (string, error) {
	if sealed == nil {
		return plain, nil
	}
	if s.keys == nil {
		return "", ErrNoKeys
	}
	b, err := s.keys.Open(sealed, commentRecord(id))
	if err != nil {
		return "", fmt.Errorf("open comment %d: %w", id, err)
	}
	return string(b), nil
}

// CheckKeys makes sure the configured keys are the ones the stored data
// was sealed with, before anything new is sealed: each key id has a probe
// value in seal_keys, sealed when the key was first used. A probe that does
// not open means the key behind that id changed (TEND_SESSION_KEY replaced,
// a TEND_DATA_KEYS entry mistyped); a probe whose key is missing is an
// error while stored data still uses that key.
func (s *Service) CheckKeys(ctx context.Context) error {
	if s.keys == nil {
		return ErrNoKeys
	}
	db := s.db.WithContext(ctx)
	var probes []struct {
		ID    int
		Probe []byte
	}
	if err := db.Raw(`SELECT id, probe FROM seal_keys ORDER BY id`).Scan(&probes).Error; err != nil {
		return fmt.Errorf("read key probes: %w", err)
	}
	known := map[byte]bool{}
	for _, p := range probes {
		id := byte(p.ID)
		known[id] = true
		if !s.keys.Has(id) {
			used, err := s.keyInUse(ctx, id)
			if err != nil {
				return err
			}
			if used {
				return fmt.Errorf("stored reflections are sealed with data key %d, which is not configured: "+
					"add it back to TEND_DATA_KEYS, run tend rotate-keys, and only then remove it", id)
			}
			continue
		}
		if _, err := s.keys.Open(p.Probe, probeRecord(id)); err != nil {
			if id == seal.SessionKeyID {
				return errors.New("TEND_SESSION_KEY is not the key the stored reflections were sealed with; " +
					"starting would make them unreadable. Restore the previous TEND_SESSION_KEY")
			}
			return fmt.Errorf("TEND_DATA_KEYS entry %d is not the key the stored reflections were sealed with; restore it", id)
		}
	}
	for _, id := range s.keys.IDs() {
		if known[id] {
			continue
		}
		probe, err := s.keys.SealWith(id, []byte("tend key probe"), probeRecord(id))
		if err != nil {
			return err
		}
		if err := db.Exec(`INSERT INTO seal_keys (id, probe) VALUES (?, ?) ON CONFLICT (id) DO NOTHING`, int(id), probe).Error; err != nil {
			return fmt.Errorf("record key probe: %w", err)
		}
	}
	return nil
}

func probeRecord(id byte) string { return "seal_keys:" + strconv.Itoa(int(id)) }

// keyInUse reports whether any stored value is sealed with key id: a
// reflection, or an authenticator secret (sealed by the mfa package with the
// same ring, and re-sealed by rotate-keys before this runs).
func (s *Service) keyInUse(ctx context.Context, id byte) (bool, error) {
	var used bool
	err := s.db.WithContext(ctx).Raw(`SELECT EXISTS (SELECT 1 FROM responses WHERE answers_sealed IS NOT NULL AND get_byte(answers_sealed, 1) = ?)
		OR EXISTS (SELECT 1 FROM comments WHERE body_sealed IS NOT NULL AND get_byte(body_sealed, 1) = ?)
		OR EXISTS (SELECT 1 FROM mfa_factors WHERE secret_sealed IS NOT NULL AND get_byte(secret_sealed, 1) = ?)`, int(id), int(id), int(id)).Scan(&used).Error
	if err != nil {
		return false, fmt.Errorf("find values under key %d: %w", id, err)
	}
	return used, nil
}

// SealReport counts what SealExisting or RotateKeys changed.
type SealReport struct {
	Responses int // responses sealed or sealed again
	Comments  int
	Remaining int // values still under another key or in the clear (changed concurrently; run again)
}

const resealBatch = 200

// SealExisting seals every response and comment still stored in the clear
// (written before sealing, or by an older binary) and empties its
// plaintext. Safe to run while the app serves: each row is replaced only if
// it still holds what was read.
func (s *Service) SealExisting(ctx context.Context) (SealReport, error) {
	return s.reseal(ctx, false)
}

// RotateKeys seals again, with the current key, every value sealed with an
// older one (and seals what is still in the clear), then forgets the probes
// of keys nothing uses any more, so they can be removed from TEND_DATA_KEYS.
func (s *Service) RotateKeys(ctx context.Context) (SealReport, error) {
	rep, err := s.reseal(ctx, true)
	if err != nil || rep.Remaining > 0 {
		return rep, err
	}
	for _, id := range s.keys.IDs() {
		if id == s.keys.Current() {
			continue
		}
		used, err := s.keyInUse(ctx, id)
		if err != nil {
			return rep, err
		}
		if !used {
			if err := s.db.WithContext(ctx).Exec(`DELETE FROM seal_keys WHERE id = ?`, int(id)).Error; err != nil {
				return rep, fmt.Errorf("forget key %d: %w", id, err)
			}
		}
	}
	return rep, nil
}

func (s *Service) reseal(ctx context.Context, rotate bool) (SealReport, error) {
	var rep SealReport
	if s.keys == nil {
		return rep, ErrNoKeys
	}
	if err := s.CheckKeys(ctx); err != nil {
		return rep, err
	}
	cur := int(s.keys.Current())
	db := s.db.WithContext(ctx)
	stale := "answers_sealed IS NULL"
	staleC := "body_sealed IS NULL"
	if rotate {
		stale += fmt.Sprintf(" OR get_byte(answers_sealed, 1) <> %d", cur)
		staleC += fmt.Sprintf(" OR get_byte(body_sealed, 1) <> %d", cur)
	}
	// Responses. Keyset pagination by assignment id: rows changed under us
	// are skipped and counted, never overwritten.
	var after int64
	for {
		var rows []struct {
			AssignmentID  int64
			Answers       []byte
			AnswersSealed []byte
		}
		err := db.Raw(`SELECT assignment_id, answers, answers_sealed FROM responses
			WHERE assignment_id > ? AND (`+stale+`) ORDER BY assignment_id LIMIT ?`, after, resealBatch).Scan(&rows).Error
		if err != nil {
			return rep, fmt.Errorf("find responses to seal: %w", err)
		}
		for _, r := range rows {
			after = r.AssignmentID
			plain := r.Answers
			if r.AnswersSealed != nil {
				if plain, err = s.keys.Open(r.AnswersSealed, responseRecord(r.AssignmentID)); err != nil {
					return rep, fmt.Errorf("open answers of assignment %d: %w", r.AssignmentID, err)
				}
			}
			sealed, err := s.keys.Seal(plain, responseRecord(r.AssignmentID))
			if err != nil {
				return rep, err
			}
			var q *gorm.DB
			if r.AnswersSealed == nil {
				q = db.Exec(`UPDATE responses SET answers_sealed = ?, answers = '{}' WHERE assignment_id = ? AND answers_sealed IS NULL AND answers = ?::jsonb`,
					sealed, r.AssignmentID, string(r.Answers))
			} else {
				q = db.Exec(`UPDATE responses SET answers_sealed = ? WHERE assignment_id = ? AND answers_sealed = ?`,
					sealed, r.AssignmentID, r.AnswersSealed)
			}
			if q.Error != nil {
				return rep, fmt.Errorf("seal answers of assignment %d: %w", r.AssignmentID, q.Error)
			}
			if q.RowsAffected == 1 {
				rep.Responses++
			} else {
				rep.Remaining++
			}
		}
		if len(rows) < resealBatch {
			break
		}
	}
	after = 0
	for {
		var rows []struct {
			ID         int64
			Body       string
			BodySealed []byte
		}
		err := db.Raw(`SELECT id, body, body_sealed FROM comments WHERE id > ? AND (`+staleC+`) ORDER BY id LIMIT ?`,
			after, resealBatch).Scan(&rows).Error
		if err != nil {
			return rep, fmt.Errorf("find comments to seal: %w", err)
		}
		for _, r := range rows {
			after = r.ID
			plain := []byte(r.Body)
			if r.BodySealed != nil {
				if plain, err = s.keys.Open(r.BodySealed, commentRecord(r.ID)); err != nil {
					return rep, fmt.Errorf("open comment %d: %w", r.ID, err)
				}
			}
			sealed, err := s.keys.Seal(plain, commentRecord(r.ID))
			if err != nil {
				return rep, err
			}
			q := db.Exec(`UPDATE comments SET body_sealed = ?, body = '' WHERE id = ? AND body_sealed IS NOT DISTINCT FROM ?::bytea AND body = ?`,
				sealed, r.ID, r.BodySealed, r.Body)
			if q.Error != nil {
				return rep, fmt.Errorf("seal comment %d: %w", r.ID, q.Error)
			}
			if q.RowsAffected == 1 {
				rep.Comments++
			} else {
				rep.Remaining++
			}
		}
		if len(rows) < resealBatch {
			break
		}
	}
	return rep, nil
}

// OpenAnswersJSON returns a stored response's answers as JSON, unsealed
// (the practice export).
func (s *Service) OpenAnswersJSON(assignmentID int64, sealed, plain []byte) ([]byte, error) {
	a, err := s.openAnswers(assignmentID, sealed, plain)
	if err != nil {
		return nil, err
	}
	if a == nil {
		return []byte("null"), nil
	}
	return json.Marshal(a)
}

// OpenComment returns a stored comment's body, unsealed (the practice export).
func (s *Service) OpenComment(id int64, sealed []byte, plain string) (string, error) {
	return s.openComment(id, sealed, plain)
}
