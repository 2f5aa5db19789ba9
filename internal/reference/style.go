package reference

import (
	"fmt"
	"strconv"
	"time"
)

// style is what APA 7 words differently in each language Tend's content
// comes in: the words between names, editors and pages, and dates. Titles,
// names and journals are never translated.
type style struct {
	and       string // between two names: "&", "y", "και"
	lastSep   string // before the last of three or more names in a reference list
	etAl      string // "et al.", "κ.ά."
	ed, eds   string // "(Ed.)", "(Eds.)", "(Επιμ.)"
	in        string // "In", "En", "Στο" (a chapter's book)
	nd        string // no date: "n.d.", "s. f.", "χ.χ."
	retrieved string // "Retrieved %s, from"
	pp, page  string // "pp.", "p."
	edition   string // "ed.", "έκδ."
	ordinal   func(int) string
	yearDate  func(time.Time) string // "2019, October 31"
	fullDate  func(time.Time) string // "July 3, 2019"
}

var esMonths = []string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"}

// Greek months in the genitive, as a date has them ("3 Ιουλίου 2019").
var elMonths = []string{"Ιανουαρίου", "Φεβρουαρίου", "Μαρτίου", "Απριλίου", "Μαΐου", "Ιουνίου", "Ιουλίου", "Αυγούστου", "Σεπτεμβρίου", "Οκτωβρίου", "Νοεμβρίου", "Δεκεμβρίου"}

var styles = map[string]style{
	"en": {and: "&", lastSep: ", & ", etAl: "et al.", ed: "(Ed.)", eds: "(Eds.)", in: "In", nd: "n.d.",
		retrieved: "Retrieved %s, from", pp: "pp.", page: "p.", edition: "ed.", ordinal: ordinal,
		yearDate: func(t time.Time) string { return fmt.Sprintf("%d, %s %d", t.Year(), t.Month(), t.Day()) },
		fullDate: func(t time.Time) string { return fmt.Sprintf("%s %d, %d", t.Month(), t.Day(), t.Year()) }},
	"es": {and: "y", lastSep: " y ", etAl: "et al.", ed: "(Ed.)", eds: "(Eds.)", in: "En", nd: "s. f.",
		retrieved: "Recuperado el %s de", pp: "pp.", page: "p.", edition: "ed.",
		ordinal:  func(n int) string { return strconv.Itoa(n) + ".ª" },
		yearDate: func(t time.Time) string { return fmt.Sprintf("%d, %d de %s", t.Year(), t.Day(), esMonths[t.Month()-1]) },
		fullDate: func(t time.Time) string {
			return fmt.Sprintf("%d de %s de %d", t.Day(), esMonths[t.Month()-1], t.Year())
		}},
	"el": {and: "και", lastSep: " και ", etAl: "κ.ά.", ed: "(Επιμ.)", eds: "(Επιμ.)", in: "Στο", nd: "χ.χ.",
		retrieved: "Ανακτήθηκε στις %s από", pp: "σσ.", page: "σ.", edition: "έκδ.",
		ordinal:  func(n int) string { return strconv.Itoa(n) + "η" },
		yearDate: func(t time.Time) string { return fmt.Sprintf("%d, %d %s", t.Year(), t.Day(), elMonths[t.Month()-1]) },
		fullDate: func(t time.Time) string { return fmt.Sprintf("%d %s %d", t.Day(), elMonths[t.Month()-1], t.Year()) }},
}

// styleFor is lang's style; any language Tend does not know is English.
func styleFor(lang string) style {
	if st, ok := styles[lang]; ok {
		return st
	}
	return styles["en"]
}

// editionText is the English edition text ("2nd ed.").
func editionText(e string) string { return styleFor("en").editionText(e) }
