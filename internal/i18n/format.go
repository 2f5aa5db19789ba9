package i18n

import (
	"fmt"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Short month and weekday names (CLDR's abbreviated forms; Greek months in
// the genitive a date takes: "3 Δεκ 2026"). English keeps Go's own, so
// English pages read exactly as before.
var months = map[string][12]string{
	Spanish: {"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"},
	Greek:   {"Ιαν", "Φεβ", "Μαρ", "Απρ", "Μαΐ", "Ιουν", "Ιουλ", "Αυγ", "Σεπ", "Οκτ", "Νοε", "Δεκ"},
}

var weekdays = map[string][7]string{
	Spanish: {"dom", "lun", "mar", "mié", "jue", "vie", "sáb"},
	Greek:   {"Κυρ", "Δευ", "Τρί", "Τετ", "Πέμ", "Παρ", "Σάβ"},
}

// Date is a day: "3 Dec 2026", "3 dic 2026", "3 Δεκ 2026". The zero time
// is "".
func (l *Localizer) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return l.mark(l.date(t))
}

func (l *Localizer) date(t time.Time) string {
	m, ok := months[l.lang]
	if !ok {
		return t.Format("2 Jan 2006")
	}
	return fmt.Sprintf("%d %s %d", t.Day(), m[t.Month()-1], t.Year())
}

// DateTime is a day and a 24-hour time: "3 Dec 2026, 10:30".
func (l *Localizer) DateTime(t time.Time) string {
	return l.mark(l.date(t) + t.Format(", 15:04"))
}

// DateTimeZone is DateTime with the zone's abbreviation: "3 Dec 2026, 10:30 CET".
func (l *Localizer) DateTimeZone(t time.Time) string {
	return l.mark(l.date(t) + t.Format(", 15:04 MST"))
}

// WeekDate is a short day for schedules: "Tue 8 Dec", "mar 8 dic".
func (l *Localizer) WeekDate(t time.Time) string {
	m, ok := months[l.lang]
	if !ok {
		return l.mark(t.Format("Mon 2 Jan"))
	}
	return l.mark(fmt.Sprintf("%s %d %s", weekdays[l.lang][t.Weekday()], t.Day(), m[t.Month()-1]))
}

// DayMonth is a day without its year, for a chart's axis: "3 Dec",
// "3 dic", "3 Δεκ".
func (l *Localizer) DayMonth(t time.Time) string {
	m, ok := months[l.lang]
	if !ok {
		return l.mark(t.Format("2 Jan"))
	}
	return l.mark(fmt.Sprintf("%d %s", t.Day(), m[t.Month()-1]))
}

// Clock is a time of day with its zone: "10:30 CET".
func (l *Localizer) Clock(t time.Time) string {
	return l.mark(t.Format("15:04 MST"))
}

// Number formats x with the language's separators and at most decimals
// digits after the point: 1,234.5 in English, 1234,5 in Spanish, 1.234,5 in
// Greek.
func (l *Localizer) Number(x float64, decimals int) string {
	p := message.NewPrinter(language.MustParse(l.lang))
	return l.mark(p.Sprint(number.Decimal(x, number.MaxFractionDigits(decimals))))
}

// Full month names for LongDate (Greek in the genitive a date takes).
var longMonths = map[string][12]string{
	Spanish: {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
	Greek:   {"Ιανουαρίου", "Φεβρουαρίου", "Μαρτίου", "Απριλίου", "Μαΐου", "Ιουνίου", "Ιουλίου", "Αυγούστου", "Σεπτεμβρίου", "Οκτωβρίου", "Νοεμβρίου", "Δεκεμβρίου"},
}

// LongDate is a day with the month in full, for print: "3 December 2026",
// "3 de diciembre de 2026", "3 Δεκεμβρίου 2026". The zero time is "".
func (l *Localizer) LongDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	m, ok := longMonths[l.lang]
	switch {
	case !ok:
		return l.mark(t.Format("2 January 2006"))
	case l.lang == Spanish:
		return l.mark(fmt.Sprintf("%d de %s de %d", t.Day(), m[t.Month()-1], t.Year()))
	}
	return l.mark(fmt.Sprintf("%d %s %d", t.Day(), m[t.Month()-1], t.Year()))
}
