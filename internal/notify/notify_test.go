package notify

import (
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/i18n"
)

// Whatever the record holds, a notification carries none of it.
func TestCompose_IsDiscreet(t *testing.T) {
	b, err := i18n.New(i18n.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []Kind{NewFromClinician, NewFromClient, Urgent} {
		m := Compose(b.For(i18n.English), kind, "robin@example.test", "Harbour Therapy", "https://tend.example")
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

// The English wording is exactly what it was before the catalogues, and
// each language has its own.
func TestCompose_InTheRecipientsLanguage(t *testing.T) {
	b, err := i18n.New(i18n.Options{})
	if err != nil {
		t.Fatal(err)
	}
	en := Compose(b.For(i18n.English), NewFromClinician, "robin@example.test", "Harbour Therapy", "https://tend.example")
	if en.Subject != "Something new from your clinician" || en.Text != "Hello,\n\nThere is something new for you from your clinician at Harbour Therapy.\n"+
		"Sign in to see it: https://tend.example/login\n\nThis message was sent automatically; please do not reply.\n" {
		t.Errorf("English: %+v", en)
	}
	other := Compose(b.For(i18n.English), NewFromClient, "sam@example.test", "Harbour Therapy", "https://tend.example")
	if other.Subject != "New activity in Tend" || other.Text != "Hello,\n\nThere is new activity from one of your clients at Harbour Therapy.\nSign in to see it: https://tend.example/login\n" {
		t.Errorf("English: %+v", other)
	}
	es := Compose(b.For(i18n.Spanish), NewFromClinician, "robin@example.test", "Harbour Therapy", "https://tend.example")
	if es.Subject != "Hay algo nuevo de tu terapeuta" || !strings.HasPrefix(es.Text, "Hola:\n\n") || !strings.Contains(es.Text, "https://tend.example/login") {
		t.Errorf("Spanish: %+v", es)
	}
	el := Compose(b.For(i18n.Greek), Urgent, "sam@example.test", "Harbour Therapy", "https://tend.example")
	if el.Subject != "Κάτι στο Tend χρειάζεται σύντομα την προσοχή σας" || !strings.Contains(el.Text, "https://tend.example/clinician") {
		t.Errorf("Greek: %+v", el)
	}
	elc := Compose(b.For(i18n.Greek), NewFromClinician, "robin@example.test", "Harbour Therapy", "https://tend.example")
	if elc.Subject != "Κάτι νέο από τη θεραπεία σου" || !strings.HasPrefix(elc.Text, "Γεια σου,\n\nΥπάρχει κάτι νέο για εσένα από το άτομο που σε παρακολουθεί θεραπευτικά στο Harbour Therapy.\nΕίσοδος στο Tend: https://tend.example/login\n") {
		t.Errorf("Greek, to a client: %+v", elc)
	}
}
