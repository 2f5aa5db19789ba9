package i18n_test

import (
	"testing"
	"time"
)

// LongDate is the printed handouts' date: the month in full, Greek in the
// genitive, Spanish with "de"; English exactly as Go's "2 January 2006".
func TestLongDate_PerLanguage(t *testing.T) {
	b := bundle(t, false)
	day := time.Date(2026, 5, 3, 23, 0, 0, 0, time.UTC)
	for lang, want := range map[string]string{"en": "3 May 2026", "es": "3 de mayo de 2026", "el": "3 Μαΐου 2026"} {
		if got := b.For(lang).LongDate(day); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
	if got := b.For("el").LongDate(time.Time{}); got != "" {
		t.Errorf("zero time: %q", got)
	}
	if got := bundle(t, true).For("es").LongDate(day); got != "[!3 de mayo de 2026!]" {
		t.Errorf("pseudo: %q", got)
	}
}
