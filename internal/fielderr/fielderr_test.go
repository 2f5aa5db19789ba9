package fielderr_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/tend-practice/tend/internal/fielderr"
)

type vErr struct{ f map[string]string }

func (e *vErr) Error() string                  { return "invalid" }
func (e *vErr) FieldErrors() map[string]string { return e.f }

func TestFields(t *testing.T) {
	want := map[string]string{"name": "Please enter a name."}
	wrapped := fmt.Errorf("saving: %w", &vErr{f: want})
	if got := fielderr.Fields(wrapped); got["name"] != want["name"] {
		t.Fatalf("Fields(wrapped) = %v, want %v", got, want)
	}
	if !fielderr.Is(wrapped) {
		t.Fatal("Is(wrapped) = false")
	}
	if got := fielderr.Fields(errors.New("plain")); got != nil {
		t.Fatalf("Fields(plain) = %v, want nil", got)
	}
	if got := fielderr.Fields(&vErr{}); got == nil {
		t.Fatal("Fields(no messages) = nil, want an empty map")
	}
	if fielderr.Fields(nil) != nil || fielderr.Is(nil) {
		t.Fatal("nil error carries fields")
	}
}
