package web

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"github.com/tend-practice/tend/internal/i18n"
	"github.com/tend-practice/tend/internal/worksheet"
)

// The worksheet builder works without JavaScript: the whole builder is one
// form, and every change (add, move, remove a field) is a submit that comes
// back re-rendered with the change applied. Its state travels in the form as
// f<i>_<part> for field i (from 0) and flag<n>_<part> for flag rule n (from 1).

// maxBuilderFields bounds what a posted builder may ask for; the schema's own
// limit (100 fields) reports anything between.
const maxBuilderFields = 120

// The builder shows the worksheet's flag rules and an "Add a rule" button
// (issue 20: no empty blocks to skip); maxFlagRows bounds a posted builder.
const (
	minFlagRows = 0
	maxFlagRows = 50
)

type wsBuilder struct {
	Slug    string
	Title   string
	Summary string
	Intro   string
	Fields  []wsFieldRow
	Flags   []wsFlagRow
	Errors  map[string]string // slug, title, summary, intro
	General []string          // problems that belong to no one input

	flagIndex []int // schema flag rule i came from Flags[flagIndex[i]]
	// say puts a problem's English into the request's language before it
	// is placed (and perhaps joined to another); nil keeps the English.
	say func(string) string
}

func (b *wsBuilder) sayf(msg string) string {
	if b.say == nil {
		return msg
	}
	return b.say(msg)
}

type wsFieldRow struct {
	N            int // position, from 0
	ID           string
	Type         string
	Label        string
	Help         string
	Required     bool
	Private      bool   // only the client and their clinician see the answer
	Options      string // one per line, "value: Label"
	Min, Max     string
	MinLabel     string
	MaxLabel     string
	MaxLength    string
	Section      string // a heading here starts a new section
	SectionIntro string
	Errors       map[string]string // by part: id, type, label, ... and "field" for the whole field
}

type wsFlagRow struct {
	N        int // from 1
	Field    string
	Op       string
	Value    string
	Message  string
	Severity string
	Sentence string            // the rule in words, once it names a question
	Errors   map[string]string // by part: field, op, value, message, and "rule"
}

// flagOpWords say a condition inside a sentence (catalogue keys).
var flagOpWords = map[string]string{
	worksheet.OpGTE: "author.rule.op_gte", worksheet.OpLTE: "author.rule.op_lte", worksheet.OpEq: "author.rule.op_eq",
	worksheet.OpIncludes: "author.rule.op_includes", worksheet.OpIsYes: "author.rule.op_is_yes",
}

// sentence is the rule in words: "Flag as urgent when “How upset…” is at
// least 8", or "" while it names no question. l nil is English.
func (f wsFlagRow) sentence(l *i18n.Localizer, labels map[string]string) string {
	if l == nil {
		l = englishLocalizer()
	}
	label := labels[f.Field]
	if label == "" {
		return ""
	}
	if len([]rune(label)) > 60 {
		label = string([]rune(label)[:57]) + "…"
	}
	lead := "author.rule.lead_discuss"
	switch (worksheet.FlagRule{Severity: f.Severity}).Level() {
	case worksheet.SeverityUrgent:
		lead = "author.rule.lead_urgent"
	case worksheet.SeverityNote:
		lead = "author.rule.lead_note"
	}
	s := l.T(lead) + " " + l.T("author.rule.when", "Title", label)
	if op, ok := flagOpWords[f.Op]; ok {
		s += " " + l.T(op)
	} else {
		s += " "
	}
	if v := strings.TrimSpace(f.Value); v != "" && f.Op != worksheet.OpIsYes {
		s += " " + v
	}
	return s
}

// SeverityChoices are the builder's plain words for flag severities
// (catalogue keys). A rule
// stored without one means discuss: its discuss option posts "" again, so
// an unchanged save changes nothing.
func (f wsFlagRow) SeverityChoices() []choiceSelected {
	discuss := ""
	if f.Severity == worksheet.SeverityDiscuss {
		discuss = worksheet.SeverityDiscuss
	}
	level := worksheet.FlagRule{Severity: f.Severity}.Level()
	return []choiceSelected{
		{worksheet.SeverityUrgent, "author.rule.severity_urgent", level == worksheet.SeverityUrgent},
		{discuss, "author.rule.severity_discuss", level == worksheet.SeverityDiscuss},
		{worksheet.SeverityNote, "author.rule.severity_note", level == worksheet.SeverityNote},
	}
}

type choiceSelected struct {
	Value, Label string
	Selected     bool
}

func (f wsFlagRow) blank() bool { return strings.TrimSpace(f.Field+f.Value+f.Message) == "" }

// HasMore reports whether the "more settings" part of a field has anything
// in it, so the page can show it open.
func (f wsFieldRow) HasMore() bool {
	return f.Section != "" || f.SectionIntro != "" || f.MaxLength != "" || f.Errors["section"] != "" ||
		f.Errors["section_intro"] != "" || f.Errors["max_length"] != ""
}

// Last is the index of the last field, for the page's move-down buttons.
func (b wsBuilder) Last() int { return len(b.Fields) - 1 }

// builderFrom reads a posted builder.
func builderFrom(pf url.Values) wsBuilder {
	// Browsers send textarea lines with CRLF; the builder shows them back with LF.
	get := func(name string) string { return strings.ReplaceAll(pf.Get(name), "\r\n", "\n") }
	b := wsBuilder{Slug: strings.TrimSpace(pf.Get("slug")), Title: get("title"), Summary: get("summary"), Intro: get("intro")}
	n, _ := strconv.Atoi(pf.Get("field_count"))
	n = max(0, min(n, maxBuilderFields))
	for i := range n {
		v := func(part string) string { return get(fmt.Sprintf("f%d_%s", i, part)) }
		b.Fields = append(b.Fields, wsFieldRow{ID: strings.TrimSpace(v("id")), Type: v("type"), Label: v("label"), Help: v("help"),
			Required: v("required") != "", Private: v("private") != "", Options: v("options"), Min: v("min"), Max: v("max"), MinLabel: v("min_label"),
			MaxLabel: v("max_label"), MaxLength: v("max_length"), Section: v("section"), SectionIntro: v("section_intro")})
	}
	nf, _ := strconv.Atoi(pf.Get("flag_count"))
	nf = max(minFlagRows, min(nf, maxFlagRows))
	for i := 1; i <= nf; i++ {
		v := func(part string) string { return pf.Get(fmt.Sprintf("flag%d_%s", i, part)) }
		b.Flags = append(b.Flags, wsFlagRow{Field: strings.TrimSpace(v("field")), Op: v("op"), Value: v("value"), Message: v("message"),
			Severity: v("severity")})
	}
	b.ensureIDs()
	b.renumber()
	return b
}

// ensureIDs gives every field that has a label but no id one made from the
// label. The id then travels in the form (under "Advanced") and stays put
// when the label is reworded, so answers keep their name across versions.
func (b *wsBuilder) ensureIDs() {
	used := map[string]bool{}
	for _, f := range b.Fields {
		used[f.ID] = true
	}
	for i := range b.Fields {
		f := &b.Fields[i]
		if f.ID != "" || strings.TrimSpace(f.Label) == "" {
			continue
		}
		f.ID = idFromLabel(f.Label, used)
		used[f.ID] = true
	}
}

// idFromLabel is a field id from its question: lower-case words joined by
// _, starting with a letter, at most 40 characters, unique among used.
func idFromLabel(label string, used map[string]bool) string {
	base := optionValue(label)
	for base != "" && (base[0] < 'a' || base[0] > 'z') {
		base = strings.TrimLeft(base[1:], "_")
	}
	if base == "" {
		base = "question"
	}
	if len(base) > 32 {
		base = strings.TrimRight(base[:32], "_")
	}
	id := base
	for n := 2; used[id]; n++ {
		id = fmt.Sprintf("%s_%d", base, n)
	}
	return id
}

// builderOf fills the builder from a stored schema.
func builderOf(sc worksheet.Schema) wsBuilder {
	b := wsBuilder{Slug: sc.Slug, Title: sc.Title, Summary: sc.Summary, Intro: sc.Intro}
	for _, sec := range sc.Sections {
		for j, f := range sec.Fields {
			row := wsFieldRow{ID: f.ID, Type: string(f.Type), Label: f.Label, Help: f.Help, Required: f.Required,
				Private: f.Private, MinLabel: f.MinLabel, MaxLabel: f.MaxLabel}
			if j == 0 {
				row.Section, row.SectionIntro = sec.Heading, sec.Intro
			}
			lines := make([]string, 0, len(f.Options))
			for _, o := range f.Options {
				lines = append(lines, o.Value+": "+o.Label)
			}
			row.Options = strings.Join(lines, "\n")
			if f.Min != nil {
				row.Min = strconv.Itoa(*f.Min)
			}
			if f.Max != nil {
				row.Max = strconv.Itoa(*f.Max)
			}
			if f.MaxLength != 0 {
				row.MaxLength = strconv.Itoa(f.MaxLength)
			}
			b.Fields = append(b.Fields, row)
		}
	}
	for _, r := range sc.FlagRules {
		row := wsFlagRow{Field: r.Field, Op: r.Op, Message: r.Message, Severity: r.Severity}
		var s string
		var n int
		switch {
		case json.Unmarshal(r.Value, &s) == nil:
			row.Value = s
		case json.Unmarshal(r.Value, &n) == nil:
			row.Value = strconv.Itoa(n)
		}
		b.Flags = append(b.Flags, row)
	}
	b.renumber()
	return b
}

// renumber pads the flag rows and numbers every row after a change.
func (b *wsBuilder) renumber() {
	for len(b.Flags) < minFlagRows {
		b.Flags = append(b.Flags, wsFlagRow{})
	}
	for i := range b.Fields {
		b.Fields[i].N = i
		if b.Fields[i].Type == "" {
			b.Fields[i].Type = string(worksheet.ShortText)
		}
		b.Fields[i].Errors = map[string]string{}
	}
	labels := map[string]string{}
	for _, f := range b.Fields {
		if f.ID != "" {
			labels[f.ID] = strings.TrimSpace(f.Label)
		}
	}
	for i := range b.Flags {
		b.Flags[i].N = i + 1
		if b.Flags[i].Op == "" {
			b.Flags[i].Op = worksheet.OpGTE
		}
		b.Flags[i].Sentence = b.Flags[i].sentence(nil, labels)
		b.Flags[i].Errors = map[string]string{}
	}
	b.Errors = map[string]string{}
}

// apply carries out a builder button: "add", "up-3", "down-3", "remove-3",
// "add-rule", "remove-rule-2". Unknown or out-of-range requests change
// nothing.
func (b *wsBuilder) apply(action string) {
	defer b.renumber()
	switch action {
	case "add":
		if len(b.Fields) < maxBuilderFields {
			// No id yet: the next round trip makes one from the label.
			b.Fields = append(b.Fields, wsFieldRow{Type: string(worksheet.ShortText)})
		}
		return
	case "add-rule":
		if len(b.Flags) < maxFlagRows {
			b.Flags = append(b.Flags, wsFlagRow{})
		}
		return
	}
	if n, ok := strings.CutPrefix(action, "remove-rule-"); ok {
		if i, err := strconv.Atoi(n); err == nil && i >= 1 && i <= len(b.Flags) {
			b.Flags = append(b.Flags[:i-1], b.Flags[i:]...)
		}
		return
	}
	verb, num, ok := strings.Cut(action, "-")
	i, err := strconv.Atoi(num)
	if !ok || err != nil || i < 0 || i >= len(b.Fields) {
		return
	}
	switch verb {
	case "up":
		if i > 0 {
			b.Fields[i-1], b.Fields[i] = b.Fields[i], b.Fields[i-1]
		}
	case "down":
		if i < len(b.Fields)-1 {
			b.Fields[i+1], b.Fields[i] = b.Fields[i], b.Fields[i+1]
		}
	case "remove":
		b.Fields = append(b.Fields[:i], b.Fields[i+1:]...)
	}
}

// freeID suggests an id no field uses yet.
func (b wsBuilder) freeID() string {
	used := map[string]bool{}
	for _, f := range b.Fields {
		used[f.ID] = true
	}
	for n := len(b.Fields) + 1; ; n++ {
		if id := fmt.Sprintf("question_%d", n); !used[id] {
			return id
		}
	}
}

// schema builds the worksheet the builder describes. What only the builder
// can see (a minimum that is not a number) is recorded on the row; the
// schema's own rules are checked by attach.
func (b *wsBuilder) schema() worksheet.Schema {
	sc := worksheet.Schema{Slug: b.Slug, Title: strings.TrimSpace(b.Title), Summary: strings.TrimSpace(b.Summary),
		Intro: strings.TrimSpace(b.Intro)}
	seen := map[string]bool{}
	for i := range b.Fields {
		row := &b.Fields[i]
		heading, intro := strings.TrimSpace(row.Section), strings.TrimSpace(row.SectionIntro)
		if i == 0 || heading != "" || intro != "" {
			sc.Sections = append(sc.Sections, worksheet.Section{Heading: heading, Intro: intro})
		}
		if row.ID == "" {
			row.ID = b.freeID() // a field with no label yet: its label error says what to do
		}
		f := worksheet.Field{ID: row.ID, Type: worksheet.FieldType(row.Type), Label: strings.TrimSpace(row.Label),
			Help: strings.TrimSpace(row.Help), Required: row.Required, Private: row.Private}
		if seen[f.ID] && f.ID != "" {
			row.Errors["id"] = "Another field above already uses this id. Each field needs its own."
		}
		seen[f.ID] = true
		if f.Type.HasOptions() {
			f.Options = parseOptions(row.Options)
		}
		if f.Type == worksheet.Scale || f.Type == worksheet.Number {
			f.Min = row.intPart("min", row.Min)
			f.Max = row.intPart("max", row.Max)
		}
		if f.Type == worksheet.Scale {
			f.MinLabel, f.MaxLabel = strings.TrimSpace(row.MinLabel), strings.TrimSpace(row.MaxLabel)
		}
		if f.Type.IsText() {
			if n := row.intPart("max_length", row.MaxLength); n != nil {
				f.MaxLength = *n
			}
		}
		last := &sc.Sections[len(sc.Sections)-1]
		last.Fields = append(last.Fields, f)
	}
	b.flagIndex = nil
	for i, row := range b.Flags {
		if row.blank() {
			continue
		}
		r := worksheet.FlagRule{Field: row.Field, Op: row.Op, Message: strings.TrimSpace(row.Message), Severity: row.Severity}
		v := strings.TrimSpace(row.Value)
		switch row.Op {
		case worksheet.OpGTE, worksheet.OpLTE:
			if v != "" {
				if n, err := strconv.Atoi(v); err == nil {
					r.Value = json.RawMessage(strconv.Itoa(n))
				} else {
					b.Flags[i].Errors["value"] = "Please enter a whole number."
				}
			}
		case worksheet.OpIsYes:
			// "is yes" compares with nothing; a value typed here is ignored.
		default:
			if v != "" {
				r.Value, _ = json.Marshal(v)
			}
		}
		sc.FlagRules = append(sc.FlagRules, r)
		b.flagIndex = append(b.flagIndex, i)
	}
	return sc
}

func (row *wsFieldRow) intPart(part, s string) *int {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		row.Errors[part] = "Please enter a whole number, like 0 or 10."
		return nil
	}
	return &n
}

// parseOptions reads "value: Label" lines. A line without a value gets one
// made from its label ("Feeling safe" -> feeling_safe).
func parseOptions(text string) []worksheet.Option {
	var out []worksheet.Option
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		value, label, ok := strings.Cut(line, ":")
		if !ok {
			value, label = optionValue(line), line
		}
		out = append(out, worksheet.Option{Value: strings.TrimSpace(value), Label: strings.TrimSpace(label)})
	}
	return out
}

func optionValue(label string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(label) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			under = false
			b.WriteRune(r)
		} else {
			under = true
		}
	}
	s := b.String()
	if len(s) > 60 {
		s = s[:60]
	}
	return s
}

// hasErrors reports whether anything in the builder is marked wrong.
func (b *wsBuilder) hasErrors() bool {
	if len(b.Errors) > 0 || len(b.General) > 0 {
		return true
	}
	for _, f := range b.Fields {
		if len(f.Errors) > 0 {
			return true
		}
	}
	for _, f := range b.Flags {
		if len(f.Errors) > 0 {
			return true
		}
	}
	return false
}

// attach puts each problem a schema check reported next to the input it is
// about. worksheet.Validate names places the way the schema is laid out
// ("section 2, field \"tense\": scale needs min < max"); the builder knows
// which row each place came from.
func (b *wsBuilder) attach(problems []string) {
	fields := map[string][]int{} // name as Validate writes it -> rows
	sections := map[string]int{} // "section 2" -> the row that starts it
	sec, inSec := 0, 0
	for i, row := range b.Fields {
		if i == 0 || strings.TrimSpace(row.Section) != "" || strings.TrimSpace(row.SectionIntro) != "" {
			sec++
			inSec = 0
			sections[fmt.Sprintf("section %d", sec)] = i
		}
		inSec++
		for _, name := range []string{fmt.Sprintf("section %d, field %q", sec, row.ID), fmt.Sprintf("section %d, field %d", sec, inSec)} {
			fields[name] = append(fields[name], i)
		}
	}
	dups := map[string]int{}
	for _, p := range problems {
		if name, rest, ok := cutPlace(p, fields); ok {
			rows := fields[name]
			row := rows[0]
			if strings.Contains(rest, "already used by an earlier field") {
				dups[name]++
				row = rows[min(dups[name], len(rows)-1)]
			}
			b.Fields[row].add(fieldPart(rest), b.sayf(capitalise(rest)))
			continue
		}
		if name, rest, ok := cutSection(p, sections); ok {
			part := "section"
			if strings.HasPrefix(rest, "intro") {
				part = "section_intro"
			}
			b.Fields[sections[name]].add(part, b.sayf(capitalise(rest)))
			continue
		}
		if n, rest, ok := flagPlace(p); ok && n-1 < len(b.flagIndex) {
			row := &b.Flags[b.flagIndex[n-1]]
			part := "rule"
			switch {
			case strings.HasPrefix(rest, "message"):
				part = "message"
			case strings.HasPrefix(rest, "field"):
				part = "field"
			case strings.HasPrefix(rest, "unknown op"), strings.HasPrefix(rest, "op "):
				part = "op"
			case strings.HasPrefix(rest, "value"), strings.HasPrefix(rest, "is_yes"):
				part = "value"
			}
			if row.Errors[part] == "" {
				row.Errors[part] = b.sayf(capitalise(rest))
			}
			continue
		}
		part := ""
		for _, k := range []string{"slug", "title", "summary", "intro"} {
			if strings.HasPrefix(p, k+" ") {
				part = k
				break
			}
		}
		if part != "" {
			if b.Errors[part] == "" {
				b.Errors[part] = b.sayf(capitalise(p))
			}
		} else {
			b.General = append(b.General, b.sayf(capitalise(p)))
		}
	}
}

// cutPlace finds which field a problem is about: its name followed by ": "
// (or ", " for one of the field's options).
func cutPlace(p string, places map[string][]int) (string, string, bool) {
	for name := range places {
		if rest, ok := strings.CutPrefix(p, name+": "); ok {
			return name, rest, true
		}
		if rest, ok := strings.CutPrefix(p, name+", "); ok {
			return name, rest, true
		}
	}
	return "", "", false
}

// cutSection finds a problem about a section as a whole ("section 2: heading ...").
func cutSection(p string, sections map[string]int) (string, string, bool) {
	head, rest, ok := strings.Cut(p, ": ")
	if _, known := sections[head]; ok && known {
		return head, rest, true
	}
	return "", "", false
}

func flagPlace(p string) (int, string, bool) {
	head, rest, ok := strings.Cut(p, ": ")
	num, isFlag := strings.CutPrefix(head, "flag ")
	if !ok || !isFlag {
		return 0, "", false
	}
	n, err := strconv.Atoi(num)
	return n, rest, err == nil && n > 0
}

// fieldPart says which input of a field a problem is about.
func fieldPart(rest string) string {
	switch {
	case strings.HasPrefix(rest, "id "):
		return "id"
	case strings.HasPrefix(rest, "label"):
		return "label"
	case strings.HasPrefix(rest, "help"):
		return "help"
	case strings.HasPrefix(rest, "type"), strings.HasPrefix(rest, "unknown type"):
		return "type"
	case strings.HasPrefix(rest, "min_label"):
		return "min_label"
	case strings.HasPrefix(rest, "max_label"):
		return "max_label"
	case strings.HasPrefix(rest, "max_length"):
		return "max_length"
	case strings.Contains(rest, "option"):
		return "options"
	case strings.Contains(rest, "min") || strings.Contains(rest, "max"):
		return "bounds"
	}
	return "field"
}

func (f *wsFieldRow) add(part, msg string) {
	msg = capitalise(msg)
	if old := f.Errors[part]; old != "" {
		if part == "options" || part == "field" {
			f.Errors[part] = old + " " + msg
		}
		return
	}
	f.Errors[part] = msg
}

func capitalise(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}
