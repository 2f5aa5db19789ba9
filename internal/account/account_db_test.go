package account_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/testkit"
)

// These tests drive the account service directly, on a real PostgreSQL
// database of their own (testkit), without the web layer.

func TestAccount_Create_NormalisesAndRefusesDuplicatesAndWeakPasswords(t *testing.T) {
	t.Parallel()
	k := testkit.New(t, testkit.WithoutLibrary())
	ctx := context.Background()
	u, err := k.App.Accounts.Create(ctx, auth.Actor{}, account.NewUser{Email: "  Sam@Example.TEST ", DisplayName: "Sam",
		Role: auth.RoleClinician, Password: testkit.Password})
	if err != nil {
		t.Fatal(err)
	}
	if u.Email != "sam@example.test" || !u.Active || u.Role != auth.RoleClinician {
		t.Fatalf("created %+v", u)
	}
	got, err := k.App.Accounts.Get(ctx, u.ID)
	if err != nil || got.Email != "sam@example.test" || got.PasswordHash == testkit.Password || got.PasswordHash == "" {
		t.Fatalf("read back %+v %v", got, err)
	}
	if _, err := k.App.Accounts.Create(ctx, auth.Actor{}, account.NewUser{Email: "SAM@example.test", DisplayName: "Sam again",
		Role: auth.RoleClinician, Password: testkit.Password}); !errors.Is(err, account.ErrEmailTaken) {
		t.Fatalf("the same email in other case: %v, want ErrEmailTaken", err)
	}
	var ve *account.ValidationError
	if _, err := k.App.Accounts.Create(ctx, auth.Actor{}, account.NewUser{Email: "weak@example.test", DisplayName: "Weak",
		Role: auth.RoleClinician, Password: "password"}); !errors.As(err, &ve) || ve.Fields["password"] == "" {
		t.Fatalf("a common password: %v, want a password ValidationError", err)
	}
	if _, err := k.App.Accounts.Create(ctx, auth.Actor{}, account.NewUser{Email: "not an email", DisplayName: "X",
		Role: auth.RoleClinician, Password: testkit.Password}); !errors.As(err, &ve) {
		t.Fatalf("a malformed email: %v, want a ValidationError", err)
	}
	if _, err := k.App.Accounts.Get(ctx, u.ID+1000); !errors.Is(err, account.ErrNotFound) {
		t.Fatalf("Get of an unknown id: %v, want ErrNotFound", err)
	}
}

// Five wrong passwords pause sign-in for that email (even with the right
// password) for LockoutDuration, then it works again.
func TestAccount_Authenticate_WrongPasswordsPauseThenExpire(t *testing.T) {
	t.Parallel()
	clk := testkit.NewClock(time.Now())
	k := testkit.New(t, testkit.WithoutLibrary(), testkit.WithClock(clk.Now))
	ctx := context.Background()
	k.User(auth.RoleClinician, "kit@example.test")

	if u, err := k.App.Accounts.Authenticate(ctx, "Kit@Example.test", testkit.Password); err != nil || u.Email != "kit@example.test" {
		t.Fatalf("sign in: %+v %v", u, err)
	}
	if _, err := k.App.Accounts.Authenticate(ctx, "nobody@example.test", testkit.Password); !errors.Is(err, account.ErrInvalidCredentials) {
		t.Fatalf("an unknown email: %v, want ErrInvalidCredentials", err)
	}
	for i := 0; i < account.MaxFailedAttempts; i++ {
		if _, err := k.App.Accounts.Authenticate(ctx, "kit@example.test", "wrong password"); err == nil {
			t.Fatalf("wrong password %d accepted", i+1)
		}
	}
	if _, err := k.App.Accounts.Authenticate(ctx, "kit@example.test", testkit.Password); !errors.Is(err, account.ErrLocked) {
		t.Fatalf("the right password while paused: %v, want ErrLocked", err)
	}
	clk.Add(account.LockoutDuration + time.Second)
	if _, err := k.App.Accounts.Authenticate(ctx, "kit@example.test", testkit.Password); err != nil {
		t.Fatalf("after the pause: %v", err)
	}
}

// Only an administrator changes whether an account is active, never their
// own, and an inactive account cannot sign in.
func TestAccount_SetActive_AdminOnlyNotSelf(t *testing.T) {
	t.Parallel()
	k := testkit.New(t, testkit.WithoutLibrary())
	ctx := context.Background()
	admin := k.Admin("admin@example.test")
	clin := k.Clinician("clin@example.test")

	if err := k.App.Accounts.SetActive(ctx, clin, admin.UserID, false); !errors.Is(err, account.ErrForbidden) {
		t.Fatalf("a clinician deactivating: %v, want ErrForbidden", err)
	}
	var ve *account.ValidationError
	if err := k.App.Accounts.SetActive(ctx, admin, admin.UserID, false); !errors.As(err, &ve) {
		t.Fatalf("deactivating oneself: %v, want a ValidationError", err)
	}
	if err := k.App.Accounts.SetActive(ctx, admin, clin.UserID+1000, false); !errors.Is(err, account.ErrNotFound) {
		t.Fatalf("an unknown account: %v, want ErrNotFound", err)
	}
	if err := k.App.Accounts.SetActive(ctx, admin, clin.UserID, false); err != nil {
		t.Fatal(err)
	}
	if _, err := k.App.Accounts.Authenticate(ctx, "clin@example.test", testkit.Password); !errors.Is(err, account.ErrInvalidCredentials) {
		t.Fatalf("an inactive account signing in: %v, want ErrInvalidCredentials", err)
	}
	if err := k.App.Accounts.SetActive(ctx, admin, clin.UserID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := k.App.Accounts.Authenticate(ctx, "clin@example.test", testkit.Password); err != nil {
		t.Fatalf("reactivated: %v", err)
	}
}

// The actor comes with the person's language and time zone (issue 21: one
// read instead of three): their own, else the practice's; a zone Go cannot
// load falls back as assignment.ViewerZone does.
func TestAccount_Actor_CarriesLanguageAndZone(t *testing.T) {
	t.Parallel()
	k := testkit.New(t, testkit.WithoutLibrary())
	ctx := context.Background()
	u, err := k.App.Accounts.Create(ctx, auth.Actor{}, account.NewUser{Email: "zoe@example.test", DisplayName: "Zoe",
		Role: auth.RoleClinician, Password: testkit.Password})
	if err != nil {
		t.Fatal(err)
	}
	set := func(sql string, args ...any) {
		t.Helper()
		if err := k.App.DB.Gorm.Exec(sql, args...).Error; err != nil {
			t.Fatal(err)
		}
	}
	check := func(name, lang, zone string) {
		t.Helper()
		a, err := k.App.Accounts.Actor(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		want, err := k.App.Accounts.Language(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if a.Language != lang || want != lang {
			t.Errorf("%s: actor language %q, Language %q, want %q", name, a.Language, want, lang)
		}
		vz, err := k.App.Assignments.ViewerZone(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		if a.Zone == nil || a.Zone.String() != zone || vz.String() != zone {
			t.Errorf("%s: actor zone %v, ViewerZone %v, want %s", name, a.Zone, vz, zone)
		}
	}
	set(`UPDATE practice_settings SET locale = 'es', time_zone = 'Europe/Madrid' WHERE id = 1`)
	set(`UPDATE users SET locale = '', time_zone = '' WHERE id = ?`, u.ID)
	check("nothing of their own", "es", "Europe/Madrid")
	set(`UPDATE users SET locale = 'el', time_zone = 'Europe/Athens' WHERE id = ?`, u.ID)
	check("their own", "el", "Europe/Athens")
	set(`UPDATE users SET time_zone = 'Mars/Olympus' WHERE id = ?`, u.ID)
	check("a zone Go cannot load", "el", "Europe/Madrid")
	set(`UPDATE practice_settings SET time_zone = '' WHERE id = 1`)
	check("no zone anywhere", "el", "UTC")
}
