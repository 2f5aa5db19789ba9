package sealkeys_test

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/database/dbtest"
	"github.com/tend-practice/tend/internal/seal"
	"github.com/tend-practice/tend/internal/sealkeys"
)

// secrets is a sealed column as a domain declares it (here the real
// mfa_factors table, described by the test itself).
var secrets = sealkeys.Column{Table: "mfa_factors", Key: "user_id", Plain: "secret", Sealed: "secret_sealed",
	Type: "text", Empty: "''", Record: func(id int64) string { return "mfa_factors:" + strconv.FormatInt(id, 10) }}

func ring(t *testing.T, keys ...seal.Key) *seal.Keyring {
	t.Helper()
	k, err := seal.NewKeyring(keys...)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func key(id, b byte) seal.Key { return seal.Key{ID: id, Secret: bytes.Repeat([]byte{b}, 32)} }

// More rows than one batch, stored in the clear as by a binary from before
// sealing, are sealed, rotated to a new key, and the old key's probe is
// forgotten once nothing uses it; a changed or missing key in use is refused.
func TestManager_SealRotateForget_AcrossBatches(t *testing.T) {
	t.Parallel()
	db := dbtest.New(t).Gorm
	ctx := context.Background()
	const n = 250
	if err := db.Exec(`INSERT INTO users (email, role) SELECT 'u' || i || '@example.test', 'clinician' FROM generate_series(1, ?) i`, n).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(`INSERT INTO mfa_factors (user_id, secret, confirmed_at) SELECT id, 'SECRET' || id, now() FROM users`).Error; err != nil {
		t.Fatal(err)
	}
	keyCounts := func() map[int]int {
		var rows []struct{ K, N int }
		db.Raw(`SELECT coalesce(get_byte(secret_sealed, 1), -1) AS k, count(*) AS n FROM mfa_factors GROUP BY 1`).Scan(&rows)
		out := map[int]int{}
		for _, r := range rows {
			out[r.K] = r.N
		}
		return out
	}

	m1 := sealkeys.New(db, ring(t, key(1, 1)), secrets)
	rep, err := m1.SealExisting(ctx)
	if err != nil || rep.Sealed != n || rep.ByTable["mfa_factors"] != n || rep.Remaining != 0 {
		t.Fatalf("seal existing: %+v %v", rep, err)
	}
	if got := keyCounts(); got[1] != n || len(got) != 1 {
		t.Fatalf("values per key after sealing: %v", got)
	}
	var left int64
	db.Raw(`SELECT count(*) FROM mfa_factors WHERE secret <> ''`).Scan(&left)
	if left != 0 {
		t.Fatalf("%d plaintext values left", left)
	}
	if rep, err := m1.SealExisting(ctx); err != nil || rep.Sealed != 0 {
		t.Fatalf("sealing twice: %+v %v", rep, err)
	}
	if err := sealkeys.New(db, ring(t, key(1, 9)), secrets).Check(ctx); err == nil || !strings.Contains(err.Error(), "TEND_DATA_KEYS entry 1") {
		t.Fatalf("check with another secret under id 1: %v", err)
	}

	m2 := sealkeys.New(db, ring(t, key(2, 2), key(1, 1)), secrets)
	if err := sealkeys.New(db, ring(t, key(2, 2)), secrets).Check(ctx); err == nil || !strings.Contains(err.Error(), "data key 1") {
		t.Fatalf("check without key 1 while it is in use: %v", err)
	}
	if rep, err := m2.Rotate(ctx); err != nil || rep.Sealed != n || rep.Remaining != 0 {
		t.Fatalf("rotate to key 2: %+v %v", rep, err)
	}
	if got := keyCounts(); got[2] != n || len(got) != 1 {
		t.Fatalf("values per key after rotating: %v", got)
	}
	var probes []int
	db.Raw(`SELECT id FROM seal_keys ORDER BY id`).Scan(&probes)
	if len(probes) != 1 || probes[0] != 2 {
		t.Fatalf("probes after rotating: %v, want [2]", probes)
	}
	if err := sealkeys.New(db, ring(t, key(2, 2)), secrets).Check(ctx); err != nil {
		t.Fatalf("check without the rotated-away key: %v", err)
	}
}
