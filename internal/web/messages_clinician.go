package web

import (
	"fmt"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/client"
)

// clinicianMessages are the assignment and client packages' English
// messages shown on the clinician's pages (validation, refusals), each with
// its catalogue key (issue 22).
var clinicianMessages = map[string]string{
	// assignment: assigning, changing, withdrawing, reviewing
	"This client is archived. Restore them before assigning new work.":   "clinician.msg.client_archived",
	"Please choose a module or worksheet to assign.":                     "clinician.msg.choose_item",
	"Please use a date like 2026-12-01.":                                 "clinician.msg.date",
	"Please choose between 1 and 104 weeks.":                             "clinician.msg.weeks",
	"Please keep the note under 2,000 characters.":                       "clinician.msg.note_long",
	"We could not find that module.":                                     "clinician.msg.no_module",
	"Only worksheets can repeat.":                                        "clinician.msg.only_worksheets",
	"We could not find that worksheet.":                                  "clinician.msg.no_worksheet",
	"Please choose how often it repeats.":                                "clinician.msg.how_often",
	"Please choose a module or a worksheet.":                             "clinician.msg.choose_kind",
	"Please choose at least one client.":                                 "clinician.msg.choose_client",
	"This work was withdrawn. Restore it before changing it.":            "clinician.msg.withdrawn",
	"This work is not withdrawn.":                                        "clinician.msg.not_withdrawn",
	"It is too late to undo that. Assign the work again if you need it.": "clinician.msg.too_late",
	"Please write something first.":                                      "clinician.msg.write_something",
	"Please keep a comment under 5,000 characters.":                      "clinician.msg.comment_long",
	"This work is not in a state that allows that.":                      "clinician.msg.bad_state",
	// client: adding, inviting, closing, the profile
	"Please give a name or pseudonym.":                                               "clinician.msg.name_missing",
	"Please keep the name under 120 characters.":                                     "clinician.msg.name_long",
	"Please enter a valid email address, or leave it empty.":                         "clinician.msg.email_invalid",
	client.EmailNotUsable:                                                            "clinician.msg.email_not_usable",
	"This client has no account yet: make an invite link instead.":                   "clinician.msg.no_account",
	"This client already has an account.":                                            "clinician.msg.has_account",
	"Add the client's email first, or copy the link and send it yourself.":           "clinician.msg.add_email",
	"Email is not set up for this practice yet: copy the link and send it yourself.": "clinician.msg.no_mail",
	"Please say why the file is closed (for example: therapy ended, referred on).":   "clinician.msg.reason_missing",
	"This file is already closed.":                                                   "clinician.msg.already_closed",
	"Please use letters, numbers and ordinary punctuation only.":                     "clinician.msg.punctuation",
}

// clinicianLimitMessages are the messages that carry a limit of the
// package they come from: the key and its arguments.
var clinicianLimitMessages = map[string][]any{
	fmt.Sprintf("Please choose at most %d clients at once.", assignment.MaxBulkClients):  {"clinician.msg.too_many_clients", "Max", assignment.MaxBulkClients},
	fmt.Sprintf("Please keep the reason under %d characters.", client.MaxCloseReason):    {"clinician.msg.reason_long", "Limit", client.MaxCloseReason},
	fmt.Sprintf("Please keep pronouns under %d characters.", client.MaxPronouns):         {"clinician.msg.pronouns_long", "Limit", client.MaxPronouns},
	fmt.Sprintf("Please keep the name to use under %d characters.", client.MaxNameToUse): {"clinician.msg.name_to_use_long", "Limit", client.MaxNameToUse},
}

// The bulk assign's refusal names the archived clients:
// "Sam, Alex are archived. Restore them or leave them out. Nothing was assigned."
const (
	archivedOne  = " is archived. Restore them or leave them out. Nothing was assigned."
	archivedMany = " are archived. Restore them or leave them out. Nothing was assigned."
)

// trClinician gives one of those messages in the request's language; any
// other text is returned as it is.
func (s *Server) trClinician(c *gin.Context, text string) string {
	if m, ok := clinicianLimitMessages[text]; ok {
		return s.tr(c).T(m[0].(string), m[1:]...)
	}
	for suffix, n := range map[string]int{archivedOne: 1, archivedMany: 2} {
		if names, ok := strings.CutSuffix(text, suffix); ok && names != "" {
			return s.tr(c).T("clinician.msg.archived_clients", "Name", names, "Count", n)
		}
	}
	return s.trKnown(c, clinicianMessages, text)
}

// trClinicianFields is trClinician over a form's field messages.
func (s *Server) trClinicianFields(c *gin.Context, fields map[string]string) map[string]string {
	if len(fields) == 0 {
		return fields
	}
	out := make(map[string]string, len(fields))
	for f, m := range fields {
		out[f] = s.trClinician(c, m)
	}
	return out
}
