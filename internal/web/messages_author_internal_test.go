package web

import (
	"net/url"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/i18n"
	"github.com/tend-practice/tend/internal/module"
	"github.com/tend-practice/tend/internal/reference"
	"github.com/tend-practice/tend/internal/worksheet"
)

// Every domain message the authoring forms translate comes back, in
// English, exactly as the package wrote it: the catalogue's English and the
// map's keys agree, arguments included.
func TestAuthorMessages_EnglishUnchanged(t *testing.T) {
	t.Parallel()
	en := englishLocalizer()
	for msg := range authorMessages {
		if got := authorSay(en, msg); got != msg {
			t.Errorf("%q comes back as %q", msg, got)
		}
	}
	fill := strings.NewReplacer("{N}", "3", "{Limit}", "500", "{Min}", "-10", "{Max}", "2027", "{Total}", "120",
		"{Number}", "yes_no", "{Name}", "tea_time", "{Title}", "upset")
	for _, p := range authorPatternList {
		msg := fill.Replace(p.english)
		if got := authorSay(en, msg); got != msg {
			t.Errorf("%q comes back as %q", msg, got)
		}
	}
}

// What the module and worksheet packages really say on a bad form is
// known: in Spanish none of it stays English.
func TestAuthorMessages_DomainMessagesAreKnown(t *testing.T) {
	t.Parallel()
	b, err := i18n.New(i18n.Options{})
	if err != nil {
		t.Fatal(err)
	}
	es := b.For(i18n.Spanish)
	refs := []reference.Reference{
		{Type: reference.Webpage, URL: "ftp://x", Date: "2019-13-40", DOI: "nope"},
		{Type: reference.Chapter, Authors: []reference.Author{{Given: "A."}}, Year: 1700},
		{Type: "poem", GroupAuthor: "G", Authors: []reference.Author{{Family: "F"}}},
	}
	probs := module.Problems(module.Definition{Slug: "Bad slug", Topics: []string{"astrology"}}, refs)
	if len(probs) < 8 {
		t.Fatalf("only %d problems: %v", len(probs), probs)
	}
	for k, msg := range probs {
		if authorSay(es, msg) == msg {
			t.Errorf("module %s: %q has no translation", k, msg)
		}
	}

	form := url.Values{"slug": {"Bad"}, "title": {""}, "summary": {"S"}, "field_count": {"4"}, "flag_count": {"3"},
		"f0_id": {"a"}, "f0_type": {"scale"}, "f0_label": {"A"}, "f0_min": {"3"}, "f0_max": {"3"},
		"f1_id": {"b"}, "f1_type": {"checklist"}, "f1_label": {"B"}, "f1_options": {"x: X\nx: Again\nBad Value: Y"},
		"f2_id": {"c"}, "f2_type": {"yes_no"}, "f2_label": {""}, "f2_section": {strings.Repeat("h", 201)},
		"f3_id": {"d"}, "f3_type": {"single_choice"}, "f3_label": {"D"}, "f3_options": {"only"},
		"flag1_field": {"c"}, "flag1_op": {"gte"}, "flag1_value": {"1"}, "flag1_message": {"m"},
		"flag2_field": {"a"}, "flag2_op": {"gte"}, "flag2_value": {"99"}, "flag2_message": {""},
		"flag3_field": {"zz"}, "flag3_op": {"is_yes"}, "flag3_message": {"m"},
	}
	english, spanish := builderFrom(form), builderFrom(form)
	spanish.say = func(msg string) string { return authorSay(es, msg) }
	for _, bl := range []*wsBuilder{&english, &spanish} {
		sc := bl.schema()
		bl.attach(worksheet.SchemaProblems(sc.Validate()))
	}
	n := 0
	same := func(where, en, sp string) {
		n++
		if en == sp {
			t.Errorf("%s: %q has no translation", where, en)
		}
	}
	for k, msg := range english.Errors {
		same(k, msg, spanish.Errors[k])
	}
	for i, f := range english.Fields {
		for k, msg := range f.Errors {
			same("field "+f.ID+" "+k, msg, spanish.Fields[i].Errors[k])
		}
	}
	for i, f := range english.Flags {
		for k, msg := range f.Errors {
			same("flag "+k, msg, spanish.Flags[i].Errors[k])
		}
	}
	if n < 8 || len(english.General) != 0 {
		t.Errorf("%d messages placed, %q left over", n, english.General)
	}
}
