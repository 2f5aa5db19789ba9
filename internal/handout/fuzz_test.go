package handout

import (
	"bytes"
	"testing"
	"time"
)

// Random Unicode in any text field never panics (a recovered panic would
// come back as an error) and always gives a PDF.

func FuzzModule(f *testing.F) {
	f.Add("Aftercare", "## Try this\n\n- *one* **two**\n\n> quote", "A note 🙂")
	f.Add("“Zoë” — φροντίδα", "1. a\n   1. b\n\n```\ncode\n```", "")
	f.Add("\x00\xff\U0010FFFF", "[link](javascript:alert(1)) <b>html</b> &amp; \\*", "\r\n\u2028")
	r := renderer(f)
	f.Fuzz(func(t *testing.T, title, body, note string) {
		var buf bytes.Buffer
		err := r.Module(&buf, ModuleInput{
			PracticeName: title, ClinicianName: note,
			Title: title, Summary: note, ContentNote: note, Body: body, Note: note,
			References: []Reference{{Parts: []TextRun{{Text: title}, {Text: note, Italic: true}}, URL: body}},
			PrintedOn:  time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		})
		if err != nil {
			t.Fatalf("Module: %v", err)
		}
		if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF")) {
			t.Fatalf("output starts with %q", buf.Bytes()[:min(buf.Len(), 8)])
		}
	})
}

var fuzzKinds = []FieldKind{FieldShortText, FieldLongText, FieldScale, FieldSingleChoice,
	FieldMultipleChoice, FieldChecklist, FieldYesNo, FieldDate, FieldNumber, "unknown"}

func FuzzWorksheet(f *testing.F) {
	f.Add("Check-in", "How close did you feel?", "7", uint8(2), 0, 10, true)
	f.Add("Reflexión", "Elige", "Sí 🙂", uint8(3), 0, 0, false)
	f.Add("", "", "", uint8(9), -2147483648, 2147483647, true)
	r := renderer(f)
	f.Fuzz(func(t *testing.T, title, label, answer string, kind uint8, lo, hi int, answered bool) {
		fl := Field{
			Kind: fuzzKinds[int(kind)%len(fuzzKinds)], Label: label, Help: answer,
			Options: []string{label, answer, title}, Min: lo, Max: hi, MinLabel: label, MaxLabel: answer,
			Flagged: answered,
		}
		if answered {
			fl.Answer = []string{answer, label}
		}
		at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
		var buf bytes.Buffer
		err := r.Worksheet(&buf, WorksheetInput{
			PracticeName: title, ClinicianName: label, ClientName: answer,
			Title: title, Intro: answer,
			Sections:    []Section{{Heading: label, Intro: title, Fields: []Field{fl, fl}}},
			SubmittedAt: &at, Status: answer, Flags: []string{answer},
			Comments:  []Comment{{Author: label, At: at, Body: answer}},
			PrintedOn: at,
		})
		if err != nil {
			t.Fatalf("Worksheet: %v", err)
		}
		if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF")) {
			t.Fatalf("output starts with %q", buf.Bytes()[:min(buf.Len(), 8)])
		}
	})
}
