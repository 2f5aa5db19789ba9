package seal_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/tend-practice/tend/internal/seal"
)

func secret(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }

func ring(t *testing.T, keys ...seal.Key) *seal.Keyring {
	t.Helper()
	k, err := seal.NewKeyring(keys...)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSeal_RoundTrip_AndCiphertextHidesText(t *testing.T) {
	k := ring(t, seal.Key{ID: 3, Secret: secret(1)})
	plain := []byte("we talked about what felt good — canary-7f3a")
	sealed, err := k.Seal(plain, "responses:42")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("canary")) || len(sealed) != len(plain)+seal.Overhead {
		t.Fatalf("sealed value leaks text or has the wrong length (%d)", len(sealed))
	}
	if id, err := seal.KeyID(sealed); err != nil || id != 3 {
		t.Fatalf("key id %d, %v", id, err)
	}
	got, err := k.Open(sealed, "responses:42")
	if err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("open: %q, %v", got, err)
	}
	again, _ := k.Seal(plain, "responses:42")
	if bytes.Equal(again, sealed) {
		t.Fatal("two seals of the same text are identical: the nonce is not random")
	}
}

func TestOpen_AnotherRecord_Fails(t *testing.T) {
	k := ring(t, seal.Key{ID: 1, Secret: secret(1)})
	sealed, _ := k.Seal([]byte("private"), "responses:42")
	for _, record := range []string{"responses:43", "comments:42", "responses:4", "responses:420", ""} {
		if _, err := k.Open(sealed, record); !errors.Is(err, seal.ErrOpen) {
			t.Errorf("opened as %q: %v", record, err)
		}
	}
}

func TestOpen_TamperedOrForeign_Fails(t *testing.T) {
	k := ring(t, seal.Key{ID: 1, Secret: secret(1)}, seal.Key{ID: 2, Secret: secret(2)})
	sealed, _ := k.Seal([]byte("private"), "r")
	for i := range sealed {
		bad := bytes.Clone(sealed)
		bad[i] ^= 0x01
		if _, err := k.Open(bad, "r"); err == nil {
			t.Fatalf("a value with byte %d flipped opened", i)
		}
	}
	// Relabelled with the other key's id: it must not open under key 2.
	relabelled := bytes.Clone(sealed)
	relabelled[1] = 2
	if _, err := k.Open(relabelled, "r"); !errors.Is(err, seal.ErrOpen) {
		t.Fatalf("relabelled value: %v", err)
	}
	other := ring(t, seal.Key{ID: 1, Secret: secret(9)})
	if _, err := other.Open(sealed, "r"); !errors.Is(err, seal.ErrOpen) {
		t.Fatalf("opened with another secret under the same id: %v", err)
	}
	if _, err := k.Open([]byte("{}"), "r"); !errors.Is(err, seal.ErrFormat) {
		t.Fatalf("plain bytes: %v", err)
	}
	unknown := ring(t, seal.Key{ID: 7, Secret: secret(1)})
	if _, err := unknown.Open(sealed, "r"); !errors.Is(err, seal.ErrUnknownKey) {
		t.Fatalf("missing key: %v", err)
	}
}

func TestRotation_OldKeyOpens_NewKeySeals(t *testing.T) {
	old := ring(t, seal.Key{ID: 1, Secret: secret(1)})
	sealed, _ := old.Seal([]byte("before rotation"), "comments:9")
	rotated := ring(t, seal.Key{ID: 2, Secret: secret(2)}, seal.Key{ID: 1, Secret: secret(1)})
	if !rotated.Stale(sealed) {
		t.Fatal("a value under key 1 is not stale in a ring whose current key is 2")
	}
	plain, err := rotated.Open(sealed, "comments:9")
	if err != nil || string(plain) != "before rotation" {
		t.Fatalf("old value under the new ring: %q %v", plain, err)
	}
	resealed, _ := rotated.Seal(plain, "comments:9")
	if id, _ := seal.KeyID(resealed); id != 2 || rotated.Stale(resealed) {
		t.Fatalf("resealed with key %d", id)
	}
	if _, err := old.Open(resealed, "comments:9"); !errors.Is(err, seal.ErrUnknownKey) {
		t.Fatalf("the old ring opened a value under the new key: %v", err)
	}
}

func TestParseKeys(t *testing.T) {
	k32 := base64.StdEncoding.EncodeToString(secret(5))
	keys, err := seal.ParseKeys(" 3:" + k32 + " , 2:" + k32 + ",")
	if err != nil || len(keys) != 2 || keys[0].ID != 3 || keys[1].ID != 2 {
		t.Fatalf("%v %v", keys, err)
	}
	if keys, err := seal.ParseKeys(""); err != nil || len(keys) != 0 {
		t.Fatalf("empty: %v %v", keys, err)
	}
	for _, bad := range []string{"3", "0:" + k32, "256:" + k32, "x:" + k32, "3:short", "3:" + k32 + ",3:" + k32, "3:not base64!"} {
		if _, err := seal.ParseKeys(bad); err == nil {
			t.Errorf("%q accepted", bad)
		} else if strings.Contains(err.Error(), k32) {
			t.Errorf("the error for %q repeats the secret", bad)
		}
	}
}

func TestFromConfig_SessionKeyAlwaysOpens(t *testing.T) {
	session := secret(7)
	plain, err := seal.FromConfig(session, "")
	if err != nil || plain.Current() != seal.SessionKeyID {
		t.Fatalf("current %d, %v", plain.Current(), err)
	}
	sealed, _ := plain.Seal([]byte("x"), "r")
	withData, err := seal.FromConfig(session, "4:"+base64.StdEncoding.EncodeToString(secret(4)))
	if err != nil || withData.Current() != 4 {
		t.Fatalf("current %d, %v", withData.Current(), err)
	}
	if _, err := withData.Open(sealed, "r"); err != nil {
		t.Fatalf("after adding a data key, a value under the session key: %v", err)
	}
	if _, err := seal.NewKeyring(seal.Key{ID: 1, Secret: []byte("short")}); err == nil {
		t.Fatal("a short secret was accepted")
	}
}

func TestSessionCodec_SealsAndReadsOldSessions(t *testing.T) {
	k := ring(t, seal.Key{ID: 1, Secret: secret(1)})
	codec := seal.SessionCodec{Inner: scs.GobCodec{}, Keys: k}
	var _ scs.Codec = codec
	deadline := time.Now().Add(time.Hour).Round(0)
	values := map[string]interface{}{"stash_form": "what_helped=canary-session-text"}
	b, err := codec.Encode(deadline, values)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte("canary")) {
		t.Fatal("session data stored in the clear")
	}
	d, v, err := codec.Decode(b)
	if err != nil || !d.Equal(deadline) || v["stash_form"] != values["stash_form"] {
		t.Fatalf("decode: %v %v %v", d, v, err)
	}
	old, _ := scs.GobCodec{}.Encode(deadline, values)
	if _, v, err := codec.Decode(old); err != nil || v["stash_form"] != values["stash_form"] {
		t.Fatalf("a session stored before sealing: %v %v", v, err)
	}
}
