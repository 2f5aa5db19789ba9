package web

import "github.com/tend-practice/tend/internal/safety"

// adminMessages are the catalogue keys of the English validation messages
// that the account, practice, safety, breakglass, client and auth packages
// return for the administrator's, emergency-access and account pages.
var adminMessages = map[string]string{
	// account
	"Choose clinician or admin. Clients join through their clinician's invite.": "admin.msg.role_creatable",
	"Please enter a valid email address.":                                       "admin.msg.email_valid",
	"Please choose a role.":                                                     "admin.msg.role_choose",
	"Please keep the name under 120 characters.":                                "admin.msg.name_long",
	"You cannot deactivate your own account.":                                   "admin.msg.no_self_deactivate",
	"A client's clinician makes them a new sign-in link.":                       "admin.msg.client_link",
	"Change your own password on your account page.":                            "admin.msg.own_password",
	"That is not your current password.":                                        "admin.msg.not_current",
	"Please choose a password different from the current one.":                  "admin.msg.password_same",
	"Please give the name you would like to see.":                               "admin.msg.name_needed",
	"Please choose a time zone from the list, such as Europe/Athens.":           "admin.msg.zone_list",
	"Please choose one of the languages in the list.":                           "account.language_invalid",
	"That is already your email.":                                               "admin.msg.already_email",
	// auth.PolicyMessage
	"The password contains characters we cannot read.":                      "admin.msg.password_unreadable",
	"Use at least 8 characters.":                                            "admin.msg.password_short",
	"Use at most 128 characters.":                                           "admin.msg.password_long",
	"This password is too common; a few unrelated words make a strong one.": "admin.msg.password_common",
	// client (the client's own profile)
	"Please keep pronouns under 40 characters.":                  "admin.msg.pronouns_long",
	"Please keep the name to use under 60 characters.":           "admin.msg.name_to_use_long",
	"Please use letters, numbers and ordinary punctuation only.": "admin.msg.plain_text",
	// practice (settings and retention holds)
	"Please give a time zone name such as Europe/Athens or UTC.":    "admin.msg.zone_name",
	"Please give a whole number of years between 1 and 100.":        "admin.msg.retention_years",
	"Please say why the file is held (for example: legal request).": "admin.msg.hold_reason",
	"Please keep the reason under 500 characters.":                  "admin.msg.hold_reason_long",
	// safety
	"Please keep this under 500 characters.":                                             "admin.msg.safety_long",
	"Please keep this under 120 characters.":                                             "admin.msg.safety_short",
	"Please say when reflections are read, for example: " + safety.DefaultReadingPromise: "admin.msg.safety_promise",
	"Please give this contact a name.":                                                   "admin.msg.safety_contact_name",
	"Please give a number to call or text, or a web address.":                            "admin.msg.safety_reach",
	"Please give a full web address starting with https://":                              "admin.msg.safety_web",
	"Please list at most 12 contacts.":                                                   "admin.msg.safety_max",
	"Please list at least one crisis contact, such as your local emergency number.":      "admin.msg.safety_one",
	// breakglass
	"Please say why you need to open this client's records.":                  "admin.msg.bg_reason",
	"Please keep the reason under 1,000 characters.":                          "admin.msg.bg_reason_long",
	"Please enter the client's number.":                                       "admin.msg.bg_client",
	"There is no client with that number.":                                    "admin.msg.bg_no_client",
	"Please search with fewer than 100 characters: part of a name is enough.": "admin.msg.bg_query_long",
}
