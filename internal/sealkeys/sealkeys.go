// Package sealkeys manages the keys that seal data at rest (internal/seal)
// against what is stored: it checks the configured keys against the probes
// in seal_keys, seals values still stored in the clear, seals again with the
// current key what an older one sealed, and forgets the probes of keys
// nothing uses any more.
//
// It knows no table itself: each domain that seals a column describes it
// as a Column (assignment: answers and comments; mfa: authenticator
// secrets), and the wiring hands the list to New.
package sealkeys

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/seal"
)

// errNoKeys means the manager was built without keys.
var errNoKeys = errors.New("sealkeys: no data keys configured")

// Column is one sealed column and the plaintext column it replaced (kept
// for rows written before sealing, or by an older binary during a rolling
// upgrade; a trigger empties the sealed value when plaintext is written).
// The names are SQL identifiers, written by the owning package, never from
// input.
type Column struct {
	Table  string // "responses"
	Key    string // the row's id column, a BIGINT: "assignment_id"
	Plain  string // the plaintext column: "answers"
	Sealed string // the BYTEA column holding the sealed value: "answers_sealed"
	// Type is the plaintext column's SQL type ("text", "jsonb"), and Empty
	// what it holds once the value is sealed ("''", "'{}'").
	Type  string
	Empty string
	// Record names a row for sealing (seal's additional data): the same
	// function the owning package seals and opens with.
	Record func(id int64) string
}

// Manager checks, seals and re-seals the sealed columns with one ring.
type Manager struct {
	db   *gorm.DB
	keys *seal.Keyring
	cols []Column
}

// New builds a manager over the given columns, walked in that order.
func New(db *gorm.DB, keys *seal.Keyring, cols ...Column) *Manager {
	return &Manager{db: db, keys: keys, cols: cols}
}

// Report counts what SealExisting or Rotate changed.
type Report struct {
	Sealed    int            // values sealed, or sealed again with the current key
	ByTable   map[string]int // Sealed, per column's table
	Remaining int            // values still under another key or in the clear (changed concurrently; run again)
}

// Check makes sure the configured keys are the ones the stored data was
// sealed with, before anything new is sealed: each key id has a probe value
// in seal_keys, sealed when the key was first used. A probe that does not
// open means the key behind that id changed (TEND_SESSION_KEY replaced, a
// TEND_DATA_KEYS entry mistyped); a probe whose key is missing is an error
// while stored data still uses that key.
func (m *Manager) Check(ctx context.Context) error {
	if m.keys == nil {
		return errNoKeys
	}
	db := m.db.WithContext(ctx)
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
		if !m.keys.Has(id) {
			used, err := m.keyInUse(ctx, id)
			if err != nil {
				return err
			}
			if used {
				return fmt.Errorf("stored reflections are sealed with data key %d, which is not configured: "+
					"add it back to TEND_DATA_KEYS, run tend rotate-keys, and only then remove it", id)
			}
			continue
		}
		if _, err := m.keys.Open(p.Probe, probeRecord(id)); err != nil {
			if id == seal.SessionKeyID {
				return errors.New("TEND_SESSION_KEY is not the key the stored reflections were sealed with; " +
					"starting would make them unreadable. Restore the previous TEND_SESSION_KEY")
			}
			return fmt.Errorf("TEND_DATA_KEYS entry %d is not the key the stored reflections were sealed with; restore it", id)
		}
	}
	for _, id := range m.keys.IDs() {
		if known[id] {
			continue
		}
		probe, err := m.keys.SealWith(id, []byte("tend key probe"), probeRecord(id))
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

// keyInUse reports whether any stored value, in any sealed column, is
// sealed with key id (the second byte of a sealed value).
func (m *Manager) keyInUse(ctx context.Context, id byte) (bool, error) {
	if len(m.cols) == 0 {
		return false, nil
	}
	q := ""
	args := make([]any, 0, len(m.cols))
	for i, c := range m.cols {
		if i > 0 {
			q += " OR "
		}
		q += fmt.Sprintf("EXISTS (SELECT 1 FROM %s WHERE %s IS NOT NULL AND get_byte(%s, 1) = ?)", c.Table, c.Sealed, c.Sealed)
		args = append(args, int(id))
	}
	var used bool
	if err := m.db.WithContext(ctx).Raw(`SELECT `+q, args...).Scan(&used).Error; err != nil {
		return false, fmt.Errorf("find values under key %d: %w", id, err)
	}
	return used, nil
}

// SealExisting seals every value still stored in the clear (written before
// sealing, or by an older binary) and empties its plaintext. Safe to run
// while the app serves: each row is replaced only if it still holds what
// was read.
func (m *Manager) SealExisting(ctx context.Context) (Report, error) {
	return m.reseal(ctx, false)
}

// Rotate seals again, with the current key, every value sealed with an
// older one (and seals what is still in the clear), then forgets the probes
// of keys nothing uses any more, so they can be removed from TEND_DATA_KEYS.
func (m *Manager) Rotate(ctx context.Context) (Report, error) {
	rep, err := m.reseal(ctx, true)
	if err != nil || rep.Remaining > 0 {
		return rep, err
	}
	for _, id := range m.keys.IDs() {
		if id == m.keys.Current() {
			continue
		}
		used, err := m.keyInUse(ctx, id)
		if err != nil {
			return rep, err
		}
		if !used {
			if err := m.db.WithContext(ctx).Exec(`DELETE FROM seal_keys WHERE id = ?`, int(id)).Error; err != nil {
				return rep, fmt.Errorf("forget key %d: %w", id, err)
			}
		}
	}
	return rep, nil
}

func (m *Manager) reseal(ctx context.Context, rotate bool) (Report, error) {
	rep := Report{ByTable: map[string]int{}}
	if m.keys == nil {
		return rep, errNoKeys
	}
	if err := m.Check(ctx); err != nil {
		return rep, err
	}
	for _, c := range m.cols {
		sealed, remaining, err := m.resealColumn(ctx, c, rotate)
		rep.Sealed += sealed
		rep.ByTable[c.Table] += sealed
		rep.Remaining += remaining
		if err != nil {
			return rep, err
		}
	}
	return rep, nil
}

const resealBatch = 200

// resealColumn seals the column's rows in the clear and, with rotate, those
// sealed with a key other than the current one. Keyset pagination by the
// row's id: a row changed under us is skipped and counted, never
// overwritten.
func (m *Manager) resealColumn(ctx context.Context, c Column, rotate bool) (sealed, remaining int, err error) {
	db := m.db.WithContext(ctx)
	stale := c.Sealed + " IS NULL"
	if rotate {
		stale += fmt.Sprintf(" OR get_byte(%s, 1) <> %d", c.Sealed, int(m.keys.Current()))
	}
	find := fmt.Sprintf(`SELECT %s AS id, %s::text AS plain, %s AS sealed FROM %s
		WHERE %s > ? AND (%s) ORDER BY %s LIMIT ?`, c.Key, c.Plain, c.Sealed, c.Table, c.Key, stale, c.Key)
	update := fmt.Sprintf(`UPDATE %s SET %s = ?, %s = %s WHERE %s = ?
		AND %s IS NOT DISTINCT FROM ?::bytea AND %s = ?::%s`,
		c.Table, c.Sealed, c.Plain, c.Empty, c.Key, c.Sealed, c.Plain, c.Type)
	var after int64
	for {
		var rows []struct {
			ID     int64
			Plain  string
			Sealed []byte
		}
		if err := db.Raw(find, after, resealBatch).Scan(&rows).Error; err != nil {
			return sealed, remaining, fmt.Errorf("find %s to seal: %w", c.Table, err)
		}
		for _, r := range rows {
			after = r.ID
			record := c.Record(r.ID)
			plain := []byte(r.Plain)
			if r.Sealed != nil {
				if plain, err = m.keys.Open(r.Sealed, record); err != nil {
					return sealed, remaining, fmt.Errorf("open %s: %w", record, err)
				}
			}
			v, err := m.keys.Seal(plain, record)
			if err != nil {
				return sealed, remaining, err
			}
			q := db.Exec(update, v, r.ID, r.Sealed, r.Plain)
			if q.Error != nil {
				return sealed, remaining, fmt.Errorf("seal %s: %w", record, q.Error)
			}
			if q.RowsAffected == 1 {
				sealed++
			} else {
				remaining++
			}
		}
		if len(rows) < resealBatch {
			return sealed, remaining, nil
		}
	}
}
