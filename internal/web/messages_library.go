package web

import (
	"fmt"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/i18n"
	"github.com/tend-practice/tend/internal/program"
)

// Issue 22: the library's and the programs' words in the catalogue
// (locales/library.<lang>.toml).

// contentLangNames are the catalogue keys of each content language's name
// as the library lists it ("Also in Spanish", "Read in: English").
var contentLangNames = map[string]string{"en": "library.lang.en", "es": "library.lang.es", "el": "library.lang.el"}

// topicNames are the catalogue keys of module.Topics.
var topicNames = map[string]string{
	"basics":        "library.topic.basics",
	"body":          "library.topic.body",
	"emotions":      "library.topic.emotions",
	"communication": "library.topic.communication",
	"relationships": "library.topic.relationships",
	"kink":          "library.topic.kink",
	"trauma":        "library.topic.trauma",
	"everyday":      "library.topic.everyday",
}

// weekdayNames (Sunday first, as time.Weekday) for the program editor's
// "Weekly on" choice, and weeklyOn for a built-in program's steps.
var (
	weekdayNames = []string{"library.weekday.sunday", "library.weekday.monday", "library.weekday.tuesday",
		"library.weekday.wednesday", "library.weekday.thursday", "library.weekday.friday", "library.weekday.saturday"}
	weeklyOn = []string{"library.program.weekly.sunday", "library.program.weekly.monday", "library.program.weekly.tuesday",
		"library.program.weekly.wednesday", "library.program.weekly.thursday", "library.program.weekly.friday",
		"library.program.weekly.saturday"}
)

// noVersionNotes are the assign box's notes for a client who will get an
// item in another language than theirs, by the language they wanted.
var noVersionNotes = map[string]string{"en": "library.assign.no_version.en", "es": "library.assign.no_version.es",
	"el": "library.assign.no_version.el"}

// programMessages are internal/program's (and the program pages' own)
// English field messages, by catalogue key.
var programMessages = map[string]string{
	"Please give the program a title (up to 120 characters).":        "library.program.error.title",
	"Please keep the description under 2,000 characters.":            "library.program.error.description",
	"Please add at least one step.":                                  "library.program.error.no_steps",
	"Please choose a module or worksheet we have.":                   "library.program.error.item",
	"Please keep the note under 2,000 characters.":                   "library.program.error.note",
	"Please choose between 0 and 365 days.":                          "library.program.error.days_range",
	"Please choose how many days after the start (1 to 365).":        "library.program.error.days_after",
	"Only worksheets can repeat.":                                    "library.program.error.repeat",
	"Please choose a day of the week.":                               "library.program.error.weekday",
	"Please use a date like 2026-12-01.":                             "library.program.error.until",
	"Please choose for how many weeks (1 to 104) or until when.":     "library.program.error.weeks",
	"Please choose when this step is released.":                      "library.program.error.rule",
	"Please choose a start date within the next year.":               "library.program.error.start_on",
	"Please choose pause, resume, stop or skip.":                     "library.program.error.action",
	"That cannot be done to this program now.":                       "library.program.error.action_now",
	"Please enter a number of days.":                                 "library.program.error.days_number",
	"Please enter a number of weeks.":                                "library.program.error.weeks_number",
	"Please choose a client or a couple.":                            "library.program.error.to",
	fmt.Sprintf("A program has at most %d steps.", program.MaxSteps): "library.program.error.too_many_steps",
}

// programErrors gives the program form's field messages in the request's
// language.
func (s *Server) programErrors(c *gin.Context, fields map[string]string) map[string]string {
	out := s.trFields(c, programMessages, fields)
	for f, m := range fields {
		if programMessages[m] == "library.program.error.too_many_steps" {
			out[f] = s.tr(c).T("library.program.error.too_many_steps", "Count", program.MaxSteps)
		}
	}
	return out
}

// contentLangName is a content language's name in the request's language.
func contentLangName(l *i18n.Localizer, lang string) string {
	if k, ok := contentLangNames[lang]; ok {
		return l.T(k)
	}
	return lang
}
