package notify

import (
	"strings"
	"testing"
)

// Whatever the record holds, a notification carries none of it.
func TestCompose_IsDiscreet(t *testing.T) {
	for _, kind := range []Kind{NewFromClinician, NewFromClient} {
		m := Compose(kind, "robin@example.test", "Harbour Therapy", "https://tend.example")
		text := strings.ToLower(m.Subject + " " + m.Body)
		for _, word := range []string{"sex", "aftercare", "intima", "worksheet", "reflection", "distress", "module", "orgasm", "kink"} {
			if strings.Contains(text, word) {
				t.Errorf("kind %d mentions %q: %q", kind, word, text)
			}
		}
		if !strings.Contains(m.Body, "https://tend.example/login") {
			t.Errorf("kind %d has no sign-in link", kind)
		}
	}
}
