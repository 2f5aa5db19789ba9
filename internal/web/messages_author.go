package web

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/i18n"
)

// The authoring forms show messages that the module, reference and
// worksheet packages write in English. authorMessages maps each fixed one
// to its catalogue key (through s.trKnown); authorPatterns catch the ones
// with a number or a name inside, and pass it on as the message's argument.
// A message nobody listed still reads, in English.

var authorMessages = map[string]string{
	// module.Problems and the form's own checks
	"Use lower-case words and numbers joined by hyphens, like aftercare-for-two (at most 80 characters).": "author.err.module_slug",
	"Please give the module a title.":                               "author.err.module_title",
	"Please write a one- or two-sentence summary.":                  "author.err.module_summary",
	"Please keep the summary to 400 characters or fewer.":           "author.err.module_summary_long",
	"Please write the module's text.":                               "author.err.module_body",
	"The text is too long (at most 100,000 characters).":            "author.err.module_body_long",
	"Please choose from the listed topics.":                         "author.err.module_topics",
	"Another module already uses this slug. Please choose another.": "author.err.module_slug_taken",
	reservedSlugMsg:    "author.err.slug_reserved",
	worksheetSlugTaken: "author.err.worksheet_slug_taken",
	"Please write the year as four digits, like 2019.": "author.err.year_digits",
	// references
	"Please choose the kind of work from the list.":                                                                            "author.err.ref_type",
	"Please list at least one author, one per line, as “Family, G. G.”, or give a group author.":                               "author.err.ref_authors",
	"Please give either authors or a group author, not both.":                                                                  "author.err.ref_authors_or_group",
	"For a page without a date, please give the day you read it, as YYYY-MM-DD.":                                               "author.err.ref_accessed",
	"Please give the title of the work.":                                                                                       "author.err.ref_title",
	"Please give the publisher (it may be left empty when a group author published it).":                                       "author.err.ref_publisher",
	"Please give the title of the book the chapter is in.":                                                                     "author.err.ref_book_title",
	"Please give the book's publisher.":                                                                                        "author.err.ref_book_publisher",
	"Please give the page's web address.":                                                                                      "author.err.ref_url",
	"Please give a web address starting with https://.":                                                                        "author.err.ref_url_https",
	"Please write the date as YYYY-MM-DD, like 2019-07-03.":                                                                    "author.err.ref_date",
	"This does not look like a DOI. A DOI starts with 10. and a slash follows the number, like 10.1080/0092623X.2019.1626310.": "author.err.ref_doi",
	// translations
	"Please choose a language other than the module's own.":        "author.err.tr_module_language",
	"Please give the translation a title (up to 160 characters).":  "author.err.tr_title",
	"Please write a short summary (up to 400 characters).":         "author.err.tr_summary",
	"Please write the translated text (up to 100,000 characters).": "author.err.tr_body",
	"Please choose a language other than the worksheet's own.":     "author.err.tr_worksheet_language",
	"Please translate this text.":                                  "author.err.tr_text",
	"Please keep this under 2,000 characters.":                     "author.err.tr_text_long",
	// the worksheet builder's own checks
	"Another field above already uses this id. Each field needs its own.": "author.err.ws_id_above",
	"Please enter a whole number.":                                        "author.err.ws_whole_number",
	"Please enter a whole number, like 0 or 10.":                          "author.err.ws_whole_number_like",
	// worksheet.Validate, as the builder shows it (capitalised, without
	// the place it is about)
	"Slug is required":                       "author.err.ws_slug_required",
	"Title is required":                      "author.err.ws_title_required",
	"Summary is required":                    "author.err.ws_summary_required",
	"Needs at least one field":               "author.err.ws_no_fields",
	"Label is required":                      "author.err.ws_label_required",
	"Type is required":                       "author.err.ws_type_required",
	"Id is already used by an earlier field": "author.err.ws_id_used",
	"Scale needs min and max":                "author.err.ws_scale_bounds",
	"Scale needs min < max":                  "author.err.ws_scale_order",
	"Number needs min <= max":                "author.err.ws_number_order",
	"Message is required":                    "author.err.ws_message_required",
	"Field is required":                      "author.err.ws_field_required",
	"Value must be a whole number":           "author.err.ws_value_number",
	"Value must be a string":                 "author.err.ws_value_string",
	"Is_yes takes no value":                  "author.err.ws_is_yes",
}

// authorPattern is an English message with places for its arguments,
// written {Name}: {N}, {Limit}, {Min}, {Max}, {Total} and {Number} are
// whole numbers, {Name} and {Title} any text.
type authorPattern struct {
	english, key string
}

var authorPatternList = []authorPattern{
	{"Please keep the title to {Limit} characters or fewer.", "author.err.title_long"},
	{"Please keep the content note to {Limit} characters or fewer.", "author.err.content_note_long"},
	{"The clinician guide is too long (at most {Limit} characters).", "author.err.guide_long"},
	{"A module may cite at most {Limit} references.", "author.err.too_many_refs"},
	{"Please list at most {Limit} authors.", "author.err.ref_too_many_authors"},
	{"Please list at most {Limit} editors.", "author.err.ref_too_many_editors"},
	{"Name {N} has no family name. Write one per line, as “Family, G. G.”.", "author.err.ref_no_family"},
	{"Name {N} is too long.", "author.err.ref_name_long"},
	{"Please give the year of publication, from 1800 to {Max}.", "author.err.ref_year"},
	{"Please keep this to {Limit} characters or fewer.", "author.err.ref_part_long"},
	{"Please keep the note to {Limit} characters or fewer.", "author.err.ref_note_long"},
	// worksheet.Validate
	{`Slug must be lowercase words joined by hyphens, like "aftercare-plan" (at most {Limit} characters)`, "author.err.ws_slug"},
	{"Title is too long (max {Limit} characters)", "author.err.ws_title_long"},
	{"Summary is too long (max {Limit} characters)", "author.err.ws_summary_long"},
	{"Intro is too long (max {Limit} characters)", "author.err.ws_intro_long"},
	{"Heading is too long (max {Limit} characters)", "author.err.ws_heading_long"},
	{"Label is too long (max {Limit} characters)", "author.err.ws_label_long"},
	{"Help is too long (max {Limit} characters)", "author.err.ws_help_long"},
	{"Min_label is too long (max {Limit} characters)", "author.err.ws_min_label_long"},
	{"Max_label is too long (max {Limit} characters)", "author.err.ws_max_label_long"},
	{"Message is too long (max {Limit} characters)", "author.err.ws_message_long"},
	{"Too many fields ({Total}, max {Limit})", "author.err.ws_too_many_fields"},
	{"Too many sections ({Total}, max {Limit})", "author.err.ws_too_many_sections"},
	{"Too many flag rules ({Total}, max {Limit})", "author.err.ws_too_many_rules"},
	{"Too many options ({Total}, max {Limit})", "author.err.ws_too_many_options"},
	{`Id is reserved for the form's own controls; choose another (for example "{Name}")`, "author.err.ws_id_reserved"},
	{"Id must start with a lowercase letter and use only a-z, 0-9 and _ (at most {Limit} characters)", "author.err.ws_id_pattern"},
	{`Unknown type "{Name}"`, "author.err.ws_unknown_type"},
	{"Min and max must be between {Min} and {Max}", "author.err.ws_bounds_range"},
	{"Scale needs max - min of {Limit} or less", "author.err.ws_scale_steps"},
	{"Max_length must be between 1 and {Limit}", "author.err.ws_max_length"},
	{"{Name} needs at least 2 options", "author.err.ws_two_options"},
	{"Option {N}: value is required", "author.err.ws_option_value_required"},
	{`Option {N}: value "{Name}" must use only a-z, 0-9 and _ (at most {Limit} characters)`, "author.err.ws_option_value_pattern"},
	{`Option {N}: value "{Name}" is already used by an earlier option`, "author.err.ws_option_value_used"},
	{"Option {N}: label is required", "author.err.ws_option_label_required"},
	{"Option {N}: label is too long (max {Limit} characters)", "author.err.ws_option_label_long"},
	{`Severity must be urgent, discuss or note, not "{Name}"`, "author.err.ws_severity"},
	{`Field "{Name}" does not exist`, "author.err.ws_no_such_field"},
	{`Unknown op "{Name}"`, "author.err.ws_unknown_op"},
	{`Op "{Name}" does not fit {Number} field "{Title}"`, "author.err.ws_op_fit"},
	{"Value {N} is outside the scale {Min} to {Max}", "author.err.ws_value_outside"},
	{`Value "{Name}" is not an option of field "{Title}"`, "author.err.ws_value_not_option"},
}

type compiledPattern struct {
	re    *regexp.Regexp
	names []string
	key   string
}

var placeholder = regexp.MustCompile(`\{([A-Za-z]+)\}`)

var authorPatterns = sync.OnceValue(func() []compiledPattern {
	out := make([]compiledPattern, 0, len(authorPatternList))
	for _, p := range authorPatternList {
		var names []string
		var re strings.Builder
		re.WriteString("^")
		last := 0
		for _, m := range placeholder.FindAllStringSubmatchIndex(p.english, -1) {
			re.WriteString(regexp.QuoteMeta(p.english[last:m[0]]))
			name := p.english[m[2]:m[3]]
			names = append(names, name)
			if name == "Name" || name == "Title" {
				re.WriteString("(.*?)")
			} else {
				re.WriteString(`(-?\d+|\S+)`)
			}
			last = m[1]
		}
		re.WriteString(regexp.QuoteMeta(p.english[last:]))
		re.WriteString("$")
		out = append(out, compiledPattern{re: regexp.MustCompile(re.String()), names: names, key: p.key})
	}
	return out
})

// authorSay gives one of the authoring forms' English messages in l's
// language: a fixed message through authorMessages, one with numbers or
// names through authorPatterns; anything else as it is.
func authorSay(l *i18n.Localizer, msg string) string {
	if key, ok := authorMessages[msg]; ok {
		return l.T(key)
	}
	for _, p := range authorPatterns() {
		m := p.re.FindStringSubmatch(msg)
		if m == nil {
			continue
		}
		args := make([]any, 0, 2*len(p.names))
		for i, name := range p.names {
			var v any = m[i+1]
			if n, err := strconv.Atoi(m[i+1]); err == nil && name != "Name" && name != "Title" {
				v = n
			}
			args = append(args, name, v)
		}
		return l.T(p.key, args...)
	}
	return msg
}

// trAuthor is authorSay in the request's language.
func (s *Server) trAuthor(c *gin.Context, msg string) string {
	if _, ok := authorMessages[msg]; ok {
		return s.trKnown(c, authorMessages, msg)
	}
	return authorSay(s.tr(c), msg)
}

// trAuthorFields is trAuthor over a form's field messages.
func (s *Server) trAuthorFields(c *gin.Context, fields map[string]string) map[string]string {
	if len(fields) == 0 {
		return fields
	}
	out := make(map[string]string, len(fields))
	for f, m := range fields {
		out[f] = s.trAuthor(c, m)
	}
	return out
}

// englishLocalizer is for text the builder makes before it knows the
// request (and for its tests): the English catalogue.
var englishLocalizer = sync.OnceValue(func() *i18n.Localizer {
	b, err := i18n.New(i18n.Options{})
	if err != nil {
		panic(err)
	}
	return b.For(i18n.English)
})
