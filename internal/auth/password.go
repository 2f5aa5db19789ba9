// Package auth holds password hashing and the Actor: who is acting in a
// request. Sessions live in internal/session.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Argon2id key and salt sizes.
const (
	argonKeyLen = 32
	saltLen     = 16

	MinPasswordLen = 8
	MaxPasswordLen = 128
)

// ErrPasswordPolicy wraps every reason a new password is refused.
var ErrPasswordPolicy = errors.New("password policy")

// ErrBusy means too many hashes are already waiting: the caller answers
// "try again shortly" (503 with Retry-After) instead of queueing for seconds.
var ErrBusy = errors.New("password hashing is busy")

// Params are argon2id's cost parameters. A hash records the parameters it
// was made with, so Verify checks any hash whatever the Hasher's own.
type Params struct {
	Time      uint32 // passes
	MemoryKiB uint32
	Threads   uint8
}

// OWASP is what every hash is made with in a running Tend: OWASP's 19 MiB,
// 2 passes, 1 lane. Memory per hash is bounded, and Hasher bounds how many
// run at once.
var OWASP = Params{Time: 2, MemoryKiB: 19 * 1024, Threads: 1}

// TestParams are the cheapest parameters argon2id accepts, for test suites
// that create and sign in thousands of accounts; never for real passwords
// (app.New uses OWASP unless a test asks).
var TestParams = Params{Time: 1, MemoryKiB: 8, Threads: 1}

// Hasher hashes and verifies passwords, at most `limit` at a time, so a burst
// of sign-ins cannot exhaust memory (19 MiB each), and with at most a short
// queue behind them, so that a burst cannot make everyone's sign-in hang.
type Hasher struct {
	slots    chan struct{}
	maxQueue int64
	queued   atomic.Int64
	// derivations counts argon2 key derivations (hashes and verifications),
	// so tests can prove that two paths do the same work.
	derivations atomic.Int64
	params      Params
	dummy       string
}

// queuePerSlot is how many hashes may wait for each running one: at about
// 50 ms a hash, a full queue clears in well under a second.
const queuePerSlot = 8

// NewHasher allows limit concurrent hashes and queuePerSlot*limit waiting,
// with the OWASP parameters.
func NewHasher(limit int) *Hasher { return NewHasherWith(limit, OWASP) }

// NewHasherWith is NewHasher with other cost parameters (tests).
func NewHasherWith(limit int, p Params) *Hasher {
	if limit < 1 {
		limit = 1
	}
	h := &Hasher{slots: make(chan struct{}, limit), maxQueue: int64(queuePerSlot * limit), params: p}
	h.dummy = h.encode(GeneratePassword())
	return h
}

// Params are the parameters new hashes are made with.
func (h *Hasher) Params() Params { return h.params }

// Dummy is a hash, with this Hasher's parameters, of a random password
// nobody knows: an unknown email is verified against it, so that it costs
// exactly the work of a known one.
func (h *Hasher) Dummy() string { return h.dummy }

// encode derives and encodes a hash of password with h's parameters,
// without taking a slot or counting the derivation.
func (h *Hasher) encode(password string) string {
	salt := make([]byte, saltLen)
	_, _ = rand.Read(salt) // crypto/rand.Read does not fail (Go 1.24+)
	p := h.params
	key := argon2.IDKey([]byte(password), salt, p.Time, p.MemoryKiB, p.Threads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.MemoryKiB, p.Time, p.Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

// Derivations is how many argon2 derivations this Hasher has run.
func (h *Hasher) Derivations() int64 { return h.derivations.Load() }

func (h *Hasher) acquire(ctx context.Context) error {
	select {
	case h.slots <- struct{}{}:
		return nil
	default:
	}
	if h.queued.Add(1) > h.maxQueue {
		h.queued.Add(-1)
		return ErrBusy
	}
	defer h.queued.Add(-1)
	select {
	case h.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (h *Hasher) release() { <-h.slots }

// Hash returns an encoded argon2id hash of password.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	defer h.release()
	h.derivations.Add(1)
	return h.encode(password), nil
}

// Verify reports whether password matches encoded. An empty or malformed hash
// never matches.
func (h *Hasher) Verify(ctx context.Context, password, encoded string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		// Spend the same work as a real check so that timing does not tell
		// whether an account exists.
		_, err := h.Hash(ctx, password)
		return false, err
	}
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false, fmt.Errorf("parse hash params: %w", err)
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false, fmt.Errorf("parse hash salt: %w", err)
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil {
		return false, fmt.Errorf("parse hash key: %w", err)
	}
	if err := h.acquire(ctx); err != nil {
		return false, err
	}
	defer h.release()
	h.derivations.Add(1)
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// CheckPolicy explains why a new password is not acceptable, or returns nil.
func CheckPolicy(password string) error {
	n := utf8.RuneCountInString(password)
	switch {
	case !utf8.ValidString(password):
		return fmt.Errorf("%w: the password contains characters we cannot read", ErrPasswordPolicy)
	case n < MinPasswordLen:
		return fmt.Errorf("%w: use at least %d characters", ErrPasswordPolicy, MinPasswordLen)
	case n > MaxPasswordLen:
		return fmt.Errorf("%w: use at most %d characters", ErrPasswordPolicy, MaxPasswordLen)
	case isCommon(password):
		return fmt.Errorf("%w: this password is too common; a few unrelated words make a strong one", ErrPasswordPolicy)
	}
	return nil
}

// PolicyMessage returns the person-facing part of a policy error.
func PolicyMessage(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	return strings.ToUpper(msg[:1]) + msg[1:] + "."
}

// A short list of the passwords most often seen in breaches; long enough to
// stop the obvious ones without shipping a dictionary.
var commonPasswords = map[string]bool{
	"password": true, "password1": true, "password123": true, "12345678": true, "123456789": true,
	"1234567890": true, "qwertyuiop": true, "qwerty123": true, "iloveyou": true, "11111111": true,
	"00000000": true, "abc12345": true, "abcd1234": true, "sunshine": true, "princess": true,
	"football": true, "baseball": true, "welcome1": true, "letmein1": true, "passw0rd": true,
	"trustno1": true, "superman": true, "starwars": true, "whatever": true, "qwertyui": true,
	"asdfghjk": true, "zxcvbnm1": true, "monkey123": true, "dragon12": true, "changeme": true,
}

func isCommon(p string) bool { return commonPasswords[strings.ToLower(p)] }

// GeneratePassword returns a random one-time password (16 characters, 96 bits).
func GeneratePassword() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
