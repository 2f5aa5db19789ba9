package mfa_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database/dbtest"
	"github.com/tend-practice/tend/internal/mfa"
	"github.com/tend-practice/tend/internal/seal"
	"github.com/tend-practice/tend/internal/sealkeys"
)

type fixture struct {
	db       *gorm.DB
	svc      *mfa.Service
	accounts *account.Service
	keys     *seal.Keyring
	now      time.Time
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db := dbtest.New(t)
	log := audit.New(db.Gorm, slog.New(slog.NewTextHandler(io.Discard, nil)))
	keys, err := seal.NewKeyring(seal.Key{ID: 1, Secret: bytes.Repeat([]byte{7}, 32)})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{now: time.Now(), db: db.Gorm, keys: keys}
	now := func() time.Time { return f.now }
	f.accounts = account.NewService(db.Gorm, auth.NewHasher(2), log, account.WithClock(now))
	f.svc = mfa.NewService(db.Gorm, f.accounts, log, "Test Practice", mfa.WithClock(now), mfa.WithKeys(keys))
	return f
}

func (f *fixture) user(t *testing.T, role auth.Role, email string) auth.Actor {
	t.Helper()
	u, err := f.accounts.Create(context.Background(), auth.Actor{}, account.NewUser{Email: email, Role: role, Password: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	return auth.Actor{UserID: u.ID, Role: u.Role, Email: u.Email}
}

// enrol sets up an authenticator and returns its secret; the clock then
// moves on one step.
func (f *fixture) enrol(t *testing.T, a auth.Actor) (string, []string) {
	t.Helper()
	ctx := context.Background()
	enr, err := f.svc.Begin(ctx, a, "")
	if err != nil {
		t.Fatal(err)
	}
	codes, err := f.svc.Confirm(ctx, a, enr.Secret, f.code(t, enr.Secret, 0))
	if err != nil {
		t.Fatal(err)
	}
	f.now = f.now.Add(30 * time.Second)
	return enr.Secret, codes
}

func (f *fixture) code(t *testing.T, secret string, offset time.Duration) string {
	t.Helper()
	c, err := totp.GenerateCode(secret, f.now.Add(offset))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestMFA_Next_ByRoleEnrolmentAndPracticeRule(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	admin := f.user(t, auth.RoleAdmin, "a@example.test")
	clin := f.user(t, auth.RoleClinician, "c@example.test")
	enrolled := f.user(t, auth.RoleClinician, "e@example.test")
	client := f.user(t, auth.RoleClient, "x@example.test")
	f.enrol(t, enrolled)
	cases := []struct {
		name     string
		who      auth.Actor
		required bool
		want     mfa.Step
	}{
		{"clinician, not required", clin, false, mfa.StepNone},
		{"clinician, required", clin, true, mfa.StepEnrol},
		{"admin, required", admin, true, mfa.StepEnrol},
		{"enrolled, not required", enrolled, false, mfa.StepVerify},
		{"enrolled, required", enrolled, true, mfa.StepVerify},
		{"client, required", client, true, mfa.StepNone},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := f.svc.SetRequired(ctx, admin, tc.required); err != nil {
				t.Fatal(err)
			}
			got, err := f.svc.Next(ctx, tc.who.UserID, tc.who.Role)
			if err != nil || got != tc.want {
				t.Fatalf("Next = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
	if err := f.svc.SetRequired(ctx, clin, true); !errors.Is(err, mfa.ErrNotAllowed) {
		t.Fatalf("a clinician set the practice rule: %v", err)
	}
	if _, err := f.svc.Begin(ctx, client, ""); !errors.Is(err, mfa.ErrNotAllowed) {
		t.Fatalf("a client began enrolment: %v", err)
	}
}

func TestMFA_Begin_OwnSecretPerAttempt_KeptWhileThatAttemptResumes(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	a := f.user(t, auth.RoleClinician, "c@example.test")
	first, err := f.svc.Begin(ctx, a, "")
	if err != nil {
		t.Fatal(err)
	}
	again, err := f.svc.Begin(ctx, a, first.Secret)
	if err != nil || again.Secret != first.Secret || again.URI != first.URI {
		t.Fatalf("resuming the attempt changed the secret: %v", err)
	}
	other, err := f.svc.Begin(ctx, a, "")
	if err != nil || other.Secret == first.Secret {
		t.Fatalf("a second attempt got the first one's secret: %v", err)
	}
	if len(first.Secret) != 32 || len(first.QRPNG) == 0 || !regexp.MustCompile(`^otpauth://totp/Test%20Practice:c@example.test\?`).MatchString(first.URI) {
		t.Fatalf("enrolment: secret %q, %d bytes of QR, URI %q", first.Secret, len(first.QRPNG), first.URI)
	}
	// A secret that is not one Begin makes starts afresh.
	if fresh, err := f.svc.Begin(ctx, a, "not-base32!"); err != nil || fresh.Secret == "not-base32!" {
		t.Fatalf("Begin with a damaged pending secret: %q %v", fresh.Secret, err)
	}
	// Nothing is stored before a code confirms it.
	var rows int64
	f.db.Raw(`SELECT count(*) FROM mfa_factors`).Scan(&rows)
	if rows != 0 {
		t.Fatalf("%d factors stored before confirming", rows)
	}
	if _, err := f.svc.Confirm(ctx, a, "", "123456"); !errors.Is(err, mfa.ErrNotEnrolled) {
		t.Fatalf("Confirm without a secret: %v", err)
	}
	if _, err := f.svc.Confirm(ctx, a, first.Secret, f.code(t, first.Secret, 0)); err != nil {
		t.Fatal(err)
	}
	// The other attempt can no longer confirm its secret.
	if _, err := f.svc.Confirm(ctx, a, other.Secret, f.code(t, other.Secret, 0)); !errors.Is(err, mfa.ErrAlreadyEnrolled) {
		t.Fatalf("confirming a second secret: %v", err)
	}
	if _, err := f.svc.Begin(ctx, a, ""); !errors.Is(err, mfa.ErrAlreadyEnrolled) {
		t.Fatalf("Begin after confirming: %v", err)
	}
}

// Finding 5: the secret is sealed, bound to its row, and rows stored in
// the clear by an older binary are sealed by the key manager (sealkeys)
// over the column mfa declares.
func TestMFA_Secret_SealedBoundToItsRow_PlaintextRowsSealed(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	a := f.user(t, auth.RoleClinician, "a@example.test")
	b := f.user(t, auth.RoleClinician, "b@example.test")
	secretA, _ := f.enrol(t, a)
	var stored struct {
		Secret       string
		SecretSealed []byte
	}
	f.db.Raw(`SELECT secret, secret_sealed FROM mfa_factors WHERE user_id = ?`, a.UserID).Scan(&stored)
	if stored.Secret != "" || len(stored.SecretSealed) == 0 || bytes.Contains(stored.SecretSealed, []byte(secretA)) {
		t.Fatalf("stored secret: %q, %d sealed bytes", stored.Secret, len(stored.SecretSealed))
	}
	// A row as an older binary wrote it: plaintext, confirmed.
	plain := "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	if err := f.db.Exec(`INSERT INTO mfa_factors (user_id, secret, confirmed_at) VALUES (?, ?, now())`, b.UserID, plain).Error; err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Verify(ctx, b, f.code(t, plain, 0)); err != nil {
		t.Fatalf("a plaintext row does not verify before sealing: %v", err)
	}
	f.now = f.now.Add(30 * time.Second)
	rep, err := sealkeys.New(f.db, f.keys, mfa.SealedColumns()...).SealExisting(ctx)
	if err != nil || rep.Sealed != 1 || rep.Remaining != 0 {
		t.Fatalf("SealExisting = %+v, %v; want 1 sealed", rep, err)
	}
	var left int64
	f.db.Raw(`SELECT count(*) FROM mfa_factors WHERE secret <> '' OR secret_sealed IS NULL`).Scan(&left)
	if left != 0 {
		t.Fatalf("%d secrets still in the clear", left)
	}
	if _, err := f.svc.Verify(ctx, b, f.code(t, plain, 0)); err != nil {
		t.Fatalf("the sealed row does not verify: %v", err)
	}
	// A's sealed secret copied onto B's row does not open.
	if err := f.db.Exec(`UPDATE mfa_factors SET secret_sealed = (SELECT secret_sealed FROM mfa_factors WHERE user_id = ?) WHERE user_id = ?`, a.UserID, b.UserID).Error; err != nil {
		t.Fatal(err)
	}
	f.now = f.now.Add(30 * time.Second)
	if _, err := f.svc.Verify(ctx, b, f.code(t, secretA, 0)); !errors.Is(err, seal.ErrOpen) {
		t.Fatalf("a secret moved to another account: %v, want seal.ErrOpen", err)
	}
}

func TestMFA_Verify_ClockDriftOfOneStepAccepted_TwoRefused(t *testing.T) {
	cases := []struct {
		offset time.Duration
		ok     bool
	}{{-30 * time.Second, true}, {30 * time.Second, true}, {-60 * time.Second, false}, {60 * time.Second, false}}
	for _, tc := range cases {
		t.Run(tc.offset.String(), func(t *testing.T) {
			f := newFixture(t)
			a := f.user(t, auth.RoleClinician, "c@example.test")
			secret, _ := f.enrol(t, a)
			f.now = f.now.Add(time.Minute) // well past the step used to enrol
			_, err := f.svc.Verify(context.Background(), a, f.code(t, secret, tc.offset))
			if (err == nil) != tc.ok {
				t.Fatalf("code %v away: %v", tc.offset, err)
			}
		})
	}
}

func TestMFA_Verify_SameCodeAtOnce_OnlyOneWins(t *testing.T) {
	f := newFixture(t)
	a := f.user(t, auth.RoleClinician, "c@example.test")
	secret, codes := f.enrol(t, a)
	code := f.code(t, secret, 0)
	// Four at once: the three that lose count as wrong codes, below the lockout.
	var wg sync.WaitGroup
	results := make(chan error, 4)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := f.svc.Verify(context.Background(), a, code)
			results <- err
		}()
	}
	wg.Wait()
	close(results)
	wins := 0
	for err := range results {
		if err == nil {
			wins++
		} else if !errors.Is(err, mfa.ErrInvalidCode) {
			t.Fatalf("unexpected error: %v", err)
		}
	}
	if wins != 1 {
		t.Fatalf("one code signed in %d times", wins)
	}
	// A success clears the count of wrong codes.
	f.now = f.now.Add(30 * time.Second)
	if _, err := f.svc.Verify(context.Background(), a, f.code(t, secret, 0)); err != nil {
		t.Fatal(err)
	}
	// Recovery codes too: used once, whatever the race.
	results = make(chan error, 4)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := f.svc.Verify(context.Background(), a, codes[0])
			results <- err
		}()
	}
	wg.Wait()
	close(results)
	wins = 0
	for err := range results {
		if err == nil {
			wins++
		}
	}
	if wins != 1 {
		t.Fatalf("one recovery code used %d times", wins)
	}
}

func TestMFA_RecoveryCodes_TenDistinctAndReadable(t *testing.T) {
	f := newFixture(t)
	_, codes := f.enrol(t, f.user(t, auth.RoleAdmin, "a@example.test"))
	seen := map[string]bool{}
	form := regexp.MustCompile(`^[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}$`)
	for _, c := range codes {
		if !form.MatchString(c) || seen[c] {
			t.Fatalf("recovery code %q malformed or repeated", c)
		}
		seen[c] = true
	}
	if len(codes) != mfa.RecoveryCodeCount {
		t.Fatalf("%d codes", len(codes))
	}
}

func TestMFA_Disable_NeedsCode_RefusedWhileRequired(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	admin := f.user(t, auth.RoleAdmin, "a@example.test")
	a := f.user(t, auth.RoleClinician, "c@example.test")
	secret, _ := f.enrol(t, a)
	if err := f.svc.Disable(ctx, a, "000000"); !errors.Is(err, mfa.ErrInvalidCode) {
		t.Fatalf("disable with a wrong code: %v", err)
	}
	if err := f.svc.SetRequired(ctx, admin, true); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Disable(ctx, a, f.code(t, secret, 0)); !errors.Is(err, mfa.ErrRequired) {
		t.Fatalf("disable while required: %v", err)
	}
	if err := f.svc.SetRequired(ctx, admin, false); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Disable(ctx, a, f.code(t, secret, 0)); err != nil {
		t.Fatalf("disable: %v", err)
	}
	if st, _ := f.svc.Status(ctx, a); st.Enrolled {
		t.Fatal("still enrolled after disabling")
	}
	if err := f.svc.Reset(ctx, admin, admin.UserID); !errors.Is(err, mfa.ErrNotAllowed) {
		t.Fatalf("an admin reset their own: %v", err)
	}
}
