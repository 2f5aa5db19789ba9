package notify

import (
	"strings"
	"testing"
)

// Whatever the record holds, a notification carries none of it.
func TestCompose_IsDiscreet(t *testing.T) {
	for _, kind := range []Kind{NewFromClinician, NewFromClient, Urgent} {
		m := Compose(kind, "robin@example.test", "Harbour Therapy", "https://tend.example")
		text := strings.ToLower(m.Subject + " " + m.Text)
		for _, word := range []string{"sex", "aftercare", "intima", "worksheet", "reflection", "distress", "module", "orgasm", "kink"} {
			if strings.Contains(text, word) {
				t.Errorf("kind %d mentions %q: %q", kind, word, text)
			}
		}
		if !strings.Contains(m.Text, "https://tend.example/") {
			t.Errorf("kind %d has no sign-in link", kind)
		}
	}
}
