package audit

import (
	"fmt"
	"strings"

	"github.com/tend-practice/tend/internal/auth"
)

// verbs says each action in words, after the person who did it.
var verbs = map[string]string{
	SignIn: "signed in", SignInFailed: "failed to sign in", SignOut: "signed out", Lockout: "was locked out",
	AccountCreated: "created an account", AccountChanged: "changed an account",
	ClientCreated: "added a client", ClientChanged: "changed a client",
	InviteCreated: "invited a client", InviteAccepted: "accepted an invitation",
	AssignmentCreated: "assigned work", AssignmentChanged: "changed assigned work",
	ReflectionRead: "read a reflection", ReflectionSaved: "saved a reflection", ReflectionSubmit: "submitted a reflection",
	CommentAdded: "added a comment", HandoutPrinted: "printed a handout",
	ModuleSaved: "saved a module", WorksheetSaved: "saved a worksheet", Published: "published",
	MFAEnabled: "turned on two-step sign-in", MFADisabled: "turned off two-step sign-in",
	MFAVerified: "passed two-step sign-in", MFAFailed: "failed two-step sign-in",
	MFARecoveryUsed: "used a recovery code", MFARecoveryNew: "renewed recovery codes",
	MFAPolicyChanged: "changed the two-step sign-in rule",
	BreakGlassOpened: "opened emergency access", BreakGlassRead: "read under emergency access",
	BreakGlassEnded: "ended emergency access", BreakGlassSearch: "searched for a client for emergency access",
	AuditExported:    "exported the audit log",
	FlagAcknowledged: "acknowledged a flag", SafetySettingsChanged: "changed the safety settings",
	PasswordResetRequested: "asked to reset a password", PasswordReset: "reset a password",
	EmailChangeRequested: "asked to change an email", EmailChanged: "changed an email",
	ProfileChanged: "changed a profile", InviteSent: "sent an invitation",
	RecordsExported: "exported records", PracticeExported: "exported the practice",
	SettingsChanged: "changed the settings", FileClosed: "closed a file",
	RetentionHold: "put a hold on deletion", RetentionDeleted: "deleted records past retention",
}

// Who names the person who acted: their name, else their email, with
// "(clinician)" or "(administrator)" after staff. Use it on an event that
// has been through ForAdmin, so a client is "client #id" where they must be.
func (e Event) Who() string {
	who := e.ActorName
	if who == "" {
		who = e.ActorEmail
	}
	if who == "" {
		return "Someone"
	}
	switch e.ActorRole {
	case string(auth.RoleClinician):
		who += " (clinician)"
	case string(auth.RoleAdmin):
		who += " (administrator)"
	}
	return who
}

// Words says the event as a sentence, such as "Sam (clinician) assigned
// work to client #12" or "Alex signed in". It says only what e holds, so an
// event through ForAdmin keeps titles out unless break-glass allowed them.
func (e Event) Words() string {
	verb, ok := verbs[e.Action]
	if !ok {
		verb = strings.ReplaceAll(e.Action, "_", " ")
	}
	var b strings.Builder
	b.WriteString(e.Who())
	b.WriteString(" ")
	b.WriteString(verb)
	if e.ObjectType != "" && e.ObjectID != nil {
		fmt.Fprintf(&b, " (%s #%d)", strings.ReplaceAll(e.ObjectType, "_", " "), *e.ObjectID)
	}
	if e.ClientID != nil && e.ObjectType != "client" && !(e.ActorRole == string(auth.RoleClient) && strings.HasPrefix(e.ActorEmail, "client #")) {
		fmt.Fprintf(&b, " for client #%d", *e.ClientID)
	}
	if e.Detail != "" {
		fmt.Fprintf(&b, ": %q", e.Detail)
	}
	return b.String()
}
