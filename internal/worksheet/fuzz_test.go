package worksheet

import (
	"encoding/json"
	"errors"
	"io/fs"
	"net/url"
	"reflect"
	"testing"

	"github.com/tend-practice/tend/internal/worksheet/builtin"
)

// builtinFiles returns the shipped worksheets as seeds, added on top of the
// files in testdata/fuzz so the seeds follow the real schemas as they change.
func builtinFiles(f *testing.F) [][]byte {
	f.Helper()
	names, err := fs.Glob(builtin.FS, "*.json")
	if err != nil {
		f.Fatal(err)
	}
	var files [][]byte
	for _, n := range names {
		data, err := fs.ReadFile(builtin.FS, n)
		if err != nil {
			f.Fatal(err)
		}
		files = append(files, data)
	}
	return files
}

// FuzzParse: Parse never panics, fails only with a *SchemaError, and what it
// accepts is valid and survives a JSON round trip.
func FuzzParse(f *testing.F) {
	for _, data := range builtinFiles(f) {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(data)
		if err != nil {
			var se *SchemaError
			if !errors.As(err, &se) || len(se.Problems) == 0 {
				t.Fatalf("Parse error %v is not a *SchemaError with problems", err)
			}
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("Parse accepted a schema that Validate rejects: %v", err)
		}
		once, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		s2, err := Parse(once)
		if err != nil {
			t.Fatalf("Parse(Marshal(s)) = %v", err)
		}
		twice, err := json.Marshal(s2)
		if err != nil {
			t.Fatal(err)
		}
		if string(once) != string(twice) {
			t.Fatalf("round trip changed the schema:\n%s\n%s", once, twice)
		}
		for _, fld := range s.Fields() {
			fld.Steps()
		}
	})
}

// FuzzCheck: for any schema Parse accepts and any answers, from JSON or a
// form, Check, Flags, Scales and Normalize never panic and agree with each
// other.
func FuzzCheck(f *testing.F) {
	for _, data := range builtinFiles(f) {
		f.Add(data, []byte(`{"distress":7,"want_to_discuss":"yes","date":"2026-11-22"}`), "mood_before=3&closeness=11", true)
	}
	f.Fuzz(func(t *testing.T, schema, answersJSON []byte, form string, submit bool) {
		s, err := Parse(schema)
		if err != nil {
			return
		}
		var a Answers
		if json.Unmarshal(answersJSON, &a) == nil {
			checkInvariants(t, s, a, submit)
		}
		if values, err := url.ParseQuery(form); err == nil {
			checkInvariants(t, s, FromForm(s, values), submit)
		}
	})
}

func checkInvariants(t *testing.T, s Schema, a Answers, submit bool) {
	t.Helper()
	draft := s.Check(a, false)
	final := s.Check(a, submit)
	for _, ve := range []*ValidationError{draft, final} {
		if ve == nil {
			continue
		}
		if len(ve.Fields) == 0 {
			t.Fatal("Check returned an error with no fields")
		}
		for id, msg := range ve.Fields {
			if _, ok := s.Field(id); !ok || msg == "" {
				t.Fatalf("Check reported %q: %q, not a field with a message", id, msg)
			}
		}
		_ = ve.Error()
	}
	// Submitting only adds "required" problems to what a save reports.
	if draft != nil {
		for id, msg := range draft.Fields {
			if final == nil || final.Fields[id] != msg {
				t.Fatalf("save reported %s: %q but submit did not", id, msg)
			}
		}
	}
	for id, n := range Scales(s, a) {
		if f, ok := s.Field(id); !ok || !f.inScale(n) {
			t.Fatalf("Scales returned %s=%d outside its field", id, n)
		}
	}
	flags := s.Flags(a)

	norm := s.Normalize(a)
	for id := range norm {
		if _, ok := s.Field(id); !ok {
			t.Fatalf("Normalize kept unknown key %q", id)
		}
	}
	if draft != nil {
		return
	}
	// Well-formed answers mean the same after normalising and after a trip
	// through JSON, the way they are stored.
	if got := s.Check(norm, submit); !reflect.DeepEqual(got, final) {
		t.Fatalf("Check changed after Normalize: %v, was %v", got, final)
	}
	if got := s.Flags(norm); !reflect.DeepEqual(got, flags) {
		t.Fatalf("Flags changed after Normalize: %q, was %q", got, flags)
	}
	data, err := json.Marshal(norm)
	if err != nil {
		t.Fatal(err)
	}
	var back Answers
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, norm) {
		t.Fatalf("stored answers changed on reading back:\n%#v\n%#v", back, norm)
	}
}
