package i18n_test

import (
	"testing"
	"time"

	"github.com/tend-practice/tend/internal/i18n"
)

func bundle(t *testing.T, pseudo bool) *i18n.Bundle {
	t.Helper()
	b, err := i18n.New(i18n.Options{Pseudo: pseudo})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestT_PluralsPerLanguage(t *testing.T) {
	b := bundle(t, false)
	cases := []struct {
		lang  string
		count int
		want  string
	}{
		{"en", 1, "New: 1 comment"}, {"en", 3, "New: 3 comments"},
		{"es", 1, "Nuevo: 1 comentario"}, {"es", 2, "Nuevos: 2 comentarios"},
		{"el", 1, "Νέο: 1 σχόλιο"}, {"el", 5, "Νέα: 5 σχόλια"},
	}
	for _, c := range cases {
		if got := b.For(c.lang).T("client.home.new_comments", "Count", c.count); got != c.want {
			t.Errorf("%s %d: %q, want %q", c.lang, c.count, got, c.want)
		}
	}
	if got := b.For("en").T("auth.invite.heading", "Name", "Sam"); got != "Welcome, Sam" {
		t.Errorf("argument: %q", got)
	}
	if got := b.For("fr").Lang(); got != "en" {
		t.Errorf("unknown language falls back to %q, want en", got)
	}
}

func TestDateAndNumber_PerLanguage(t *testing.T) {
	b := bundle(t, false)
	day := time.Date(2026, 12, 3, 10, 30, 0, 0, time.UTC)
	for lang, want := range map[string]string{"en": "3 Dec 2026", "es": "3 dic 2026", "el": "3 Δεκ 2026"} {
		if got := b.For(lang).Date(day); got != want {
			t.Errorf("%s date: %q, want %q", lang, got, want)
		}
	}
	if got := b.For("es").WeekDate(day); got != "jue 3 dic" {
		t.Errorf("es weekdate: %q", got)
	}
	if got := b.For("en").DateTimeZone(day); got != "3 Dec 2026, 10:30 UTC" {
		t.Errorf("en when: %q", got)
	}
	for lang, want := range map[string]string{"en": "12,345.5", "es": "12.345,5", "el": "12.345,5"} {
		if got := b.For(lang).Number(12345.5, 2); got != want {
			t.Errorf("%s number: %q, want %q", lang, got, want)
		}
	}
}

func TestMatch_AcceptLanguage(t *testing.T) {
	b := bundle(t, false)
	for header, want := range map[string]string{
		"el-GR,el;q=0.9,en;q=0.8": "el", "es-MX": "es", "en-GB,en;q=0.9": "en",
		"fr-FR": "", "": "", "de;q=0.9,es;q=0.5": "es",
	} {
		if got := b.Match(header); got != want {
			t.Errorf("Match(%q) = %q, want %q", header, got, want)
		}
	}
}

func TestPseudo_MarksTextAndDates(t *testing.T) {
	l := bundle(t, true).For("en")
	if got := l.T("auth.login.heading"); got != "[!Sign in!]" {
		t.Errorf("pseudo text: %q", got)
	}
	if got := l.Date(time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)); got != "[!3 Dec 2026!]" {
		t.Errorf("pseudo date: %q", got)
	}
}

func TestRemoveMarked(t *testing.T) {
	for in, want := range map[string]string{
		"[!Due [!3 Dec!]!] left": " left", "plain": "plain", "[!a!] b [!c!]": " b ", "[!open": "[!open",
	} {
		if got := i18n.RemoveMarked(in); got != want {
			t.Errorf("RemoveMarked(%q) = %q, want %q", in, got, want)
		}
	}
}
