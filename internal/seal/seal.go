// Package seal encrypts small records at rest with AES-256-GCM, under a
// ring of keys so that old keys still open what they sealed while new data
// is sealed with the newest one.
//
// A sealed value is
//
//	version (1 byte, 1) | key id (1 byte) | nonce (12 bytes) | ciphertext and tag
//
// The caller names the record it belongs to ("responses:42"); that name is
// authenticated with the ciphertext (GCM additional data), so a value copied
// into another row, or into another table, fails to open.
package seal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

const (
	formatV1 = 1
	// header is the version and key id bytes, then the nonce.
	headerLen = 2
	nonceLen  = 12
	// Overhead is what sealing adds to a plaintext's length.
	Overhead = headerLen + nonceLen + 16
)

// SessionKeyID is the id of the key derived from TEND_SESSION_KEY. Keys
// listed in TEND_DATA_KEYS use ids 1 to 255.
const SessionKeyID byte = 0

var (
	// ErrOpen means a sealed value did not authenticate: the wrong key,
	// the wrong record, or damaged bytes. Which one is deliberately not said.
	ErrOpen = errors.New("seal: value does not open (wrong key, wrong record or damaged)")
	// ErrUnknownKey means the value was sealed with a key this ring lacks.
	ErrUnknownKey = errors.New("seal: value was sealed with a key that is not configured")
	// ErrFormat means the bytes are not a sealed value at all.
	ErrFormat = errors.New("seal: not a sealed value")
)

// Key is one secret and the id that sealed values carry to name it.
type Key struct {
	ID     byte
	Secret []byte // at least 32 random bytes; the AES key is derived from it
}

// Keyring seals with its current key and opens with any of its keys. It is
// safe for concurrent use.
type Keyring struct {
	current byte
	aeads   map[byte]cipher.AEAD
}

// NewKeyring builds a ring; the first key seals, every key opens.
func NewKeyring(keys ...Key) (*Keyring, error) {
	if len(keys) == 0 {
		return nil, errors.New("seal: no keys")
	}
	k := &Keyring{current: keys[0].ID, aeads: map[byte]cipher.AEAD{}}
	for _, key := range keys {
		if len(key.Secret) < 32 {
			return nil, fmt.Errorf("seal: key %d is %d bytes; at least 32 are needed", key.ID, len(key.Secret))
		}
		if _, dup := k.aeads[key.ID]; dup {
			return nil, fmt.Errorf("seal: key id %d is listed twice", key.ID)
		}
		aead, err := newAEAD(key)
		if err != nil {
			return nil, err
		}
		k.aeads[key.ID] = aead
	}
	return k, nil
}

// newAEAD derives the key's AES-256 key with HKDF-SHA256, labelled with its
// id, so that one secret never keys two ids alike and the configured secret
// is never used directly as a cipher key.
func newAEAD(key Key) (cipher.AEAD, error) {
	aesKey, err := hkdf.Key(sha256.New, key.Secret, nil, "tend seal v1 key "+strconv.Itoa(int(key.ID)), 32)
	if err != nil {
		return nil, fmt.Errorf("seal: derive key %d: %w", key.ID, err)
	}
	block, err := aes.NewCipher(aesKey)
	if err != nil {
		return nil, fmt.Errorf("seal: key %d: %w", key.ID, err)
	}
	return cipher.NewGCM(block)
}

// Current is the id of the key new values are sealed with.
func (k *Keyring) Current() byte { return k.current }

// Has reports whether the ring holds a key with this id.
func (k *Keyring) Has(id byte) bool { _, ok := k.aeads[id]; return ok }

// IDs lists the ring's key ids, in ascending order.
func (k *Keyring) IDs() []byte {
	out := make([]byte, 0, len(k.aeads))
	for id := range k.aeads {
		out = append(out, id)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Seal encrypts plaintext for the record named by record, with the current key.
func (k *Keyring) Seal(plaintext []byte, record string) ([]byte, error) {
	return k.SealWith(k.current, plaintext, record)
}

// SealWith encrypts with a chosen key of the ring (key probes need each key).
func (k *Keyring) SealWith(id byte, plaintext []byte, record string) ([]byte, error) {
	aead, ok := k.aeads[id]
	if !ok {
		return nil, fmt.Errorf("%w (key id %d)", ErrUnknownKey, id)
	}
	out := make([]byte, headerLen+nonceLen, headerLen+nonceLen+len(plaintext)+aead.Overhead())
	out[0], out[1] = formatV1, id
	if _, err := rand.Read(out[headerLen:]); err != nil {
		return nil, fmt.Errorf("seal: nonce: %w", err)
	}
	// The nonce is the 12 random bytes just read into out, not a constant.
	return aead.Seal(out, out[headerLen:], plaintext, additional(out[:headerLen], record)), nil // #nosec G407 -- random nonce, read above
}

// Open decrypts a value sealed for the record named by record.
func (k *Keyring) Open(sealed []byte, record string) ([]byte, error) {
	id, err := KeyID(sealed)
	if err != nil {
		return nil, err
	}
	aead, ok := k.aeads[id]
	if !ok {
		return nil, fmt.Errorf("%w (key id %d)", ErrUnknownKey, id)
	}
	nonce := sealed[headerLen : headerLen+nonceLen]
	plain, err := aead.Open(nil, nonce, sealed[headerLen+nonceLen:], additional(sealed[:headerLen], record))
	if err != nil {
		return nil, ErrOpen
	}
	return plain, nil
}

// Stale reports whether a sealed value was sealed with a key other than the
// current one, so rotation should seal it again.
func (k *Keyring) Stale(sealed []byte) bool {
	id, err := KeyID(sealed)
	return err == nil && id != k.current
}

// KeyID reads the id of the key a value was sealed with.
func KeyID(sealed []byte) (byte, error) {
	if len(sealed) < Overhead || sealed[0] != formatV1 {
		return 0, ErrFormat
	}
	return sealed[1], nil
}

// additional is the GCM additional data: the header (so the version and key
// id cannot be swapped) and the record's name.
func additional(header []byte, record string) []byte {
	ad := make([]byte, 0, len(header)+len(record))
	ad = append(ad, header...)
	return append(ad, record...)
}

// ParseKeys reads TEND_DATA_KEYS: comma-separated "id:base64secret" entries,
// newest first, ids 1 to 255, secrets of at least 32 bytes. Empty is none.
func ParseKeys(list string) ([]Key, error) {
	var keys []Key
	seen := map[byte]bool{}
	for _, entry := range strings.Split(list, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		idText, secretText, ok := strings.Cut(entry, ":")
		if !ok {
			return nil, errors.New(`each entry must be "id:base64key", e.g. "2:` + "$(openssl rand -base64 32)" + `"`)
		}
		n, err := strconv.Atoi(strings.TrimSpace(idText))
		if err != nil || n < 1 || n > 255 {
			return nil, fmt.Errorf("key id %q must be a whole number from 1 to 255", idText)
		}
		secret, err := base64.StdEncoding.DecodeString(strings.TrimSpace(secretText))
		if err != nil || len(secret) < 32 {
			return nil, fmt.Errorf("key %d must be at least 32 random bytes, base64-encoded", n)
		}
		if seen[byte(n)] {
			return nil, fmt.Errorf("key id %d is listed twice", n)
		}
		seen[byte(n)] = true
		keys = append(keys, Key{ID: byte(n), Secret: secret})
	}
	return keys, nil
}

// FromConfig builds the ring Tend runs with: the keys of TEND_DATA_KEYS
// (the first seals) and the key derived from TEND_SESSION_KEY (id 0), which
// seals only when no data keys are listed and always stays able to open.
func FromConfig(sessionKey []byte, dataKeys string) (*Keyring, error) {
	keys, err := ParseKeys(dataKeys)
	if err != nil {
		return nil, fmt.Errorf("TEND_DATA_KEYS: %w", err)
	}
	keys = append(keys, Key{ID: SessionKeyID, Secret: sessionKey})
	return NewKeyring(keys...)
}
