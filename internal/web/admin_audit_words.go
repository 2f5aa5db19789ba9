package web

import (
	"fmt"
	"strings"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/i18n"
)

// auditVerbs are the catalogue keys of each action said in words, after the
// person who did it (audit.Event.Words says the same in English).
// auditDetails are the details the code itself writes (why a sign-in
// failed), shown in the reader's language; other details are shown as
// they were recorded.
var auditDetails = map[string]string{
	"unknown email":                  "admin.audit.detail.unknown_email",
	"wrong password":                 "admin.audit.detail.wrong_password",
	"inactive account":               "admin.audit.detail.inactive_account",
	"paused after too many attempts": "admin.audit.detail.paused",
	"locked":                         "admin.audit.detail.locked",
}

var auditVerbs = map[string]string{
	audit.SignIn: "admin.audit.verb.sign_in", audit.SignInFailed: "admin.audit.verb.sign_in_failed",
	audit.SignOut: "admin.audit.verb.sign_out", audit.Lockout: "admin.audit.verb.lockout",
	audit.AccountCreated: "admin.audit.verb.account_created", audit.AccountChanged: "admin.audit.verb.account_changed",
	audit.ClientCreated: "admin.audit.verb.client_created", audit.ClientChanged: "admin.audit.verb.client_changed",
	audit.InviteCreated: "admin.audit.verb.invite_created", audit.InviteAccepted: "admin.audit.verb.invite_accepted",
	audit.AssignmentCreated: "admin.audit.verb.assignment_created", audit.AssignmentChanged: "admin.audit.verb.assignment_changed",
	audit.ReflectionRead: "admin.audit.verb.reflection_read", audit.ReflectionSaved: "admin.audit.verb.reflection_saved",
	audit.ReflectionSubmit: "admin.audit.verb.reflection_submitted", audit.CommentAdded: "admin.audit.verb.comment_added",
	audit.HandoutPrinted: "admin.audit.verb.handout_printed", audit.ModuleSaved: "admin.audit.verb.module_saved",
	audit.WorksheetSaved: "admin.audit.verb.worksheet_saved", audit.Published: "admin.audit.verb.published",
	audit.MFAEnabled: "admin.audit.verb.mfa_enabled", audit.MFADisabled: "admin.audit.verb.mfa_disabled",
	audit.MFAVerified: "admin.audit.verb.mfa_verified", audit.MFAFailed: "admin.audit.verb.mfa_failed",
	audit.MFARecoveryUsed: "admin.audit.verb.mfa_recovery_code_used", audit.MFARecoveryNew: "admin.audit.verb.mfa_recovery_codes_renewed",
	audit.MFAPolicyChanged: "admin.audit.verb.mfa_policy_changed",
	audit.BreakGlassOpened: "admin.audit.verb.break_glass_opened", audit.BreakGlassRead: "admin.audit.verb.break_glass_read",
	audit.BreakGlassEnded: "admin.audit.verb.break_glass_ended", audit.BreakGlassSearch: "admin.audit.verb.break_glass_searched",
	audit.AuditExported: "admin.audit.verb.audit_exported", audit.FlagAcknowledged: "admin.audit.verb.flag_acknowledged",
	audit.SafetySettingsChanged:  "admin.audit.verb.safety_settings_changed",
	audit.PasswordResetRequested: "admin.audit.verb.password_reset_requested", audit.PasswordReset: "admin.audit.verb.password_reset",
	audit.EmailChangeRequested: "admin.audit.verb.email_change_requested", audit.EmailChanged: "admin.audit.verb.email_changed",
	audit.ProfileChanged: "admin.audit.verb.profile_changed", audit.InviteSent: "admin.audit.verb.invite_sent",
	audit.RecordsExported: "admin.audit.verb.records_exported", audit.PracticeExported: "admin.audit.verb.practice_exported",
	audit.SettingsChanged: "admin.audit.verb.settings_changed", audit.FileClosed: "admin.audit.verb.file_closed",
	audit.RetentionHold: "admin.audit.verb.retention_hold", audit.RetentionDeleted: "admin.audit.verb.retention_deleted",
	"couple_linked": "admin.audit.verb.couple_linked", "couple_unlinked": "admin.audit.verb.couple_unlinked",
	"couple_assigned": "admin.audit.verb.couple_assigned", "couple_individual_only": "admin.audit.verb.couple_individual_only",
	"couple_sharing_changed": "admin.audit.verb.couple_sharing_changed", "couple_shared_read": "admin.audit.verb.couple_shared_read",
	"couple_joint_printed": "admin.audit.verb.couple_joint_printed",
	"program_saved":        "admin.audit.verb.program_saved", "program_assigned": "admin.audit.verb.program_assigned",
	"program_run_changed": "admin.audit.verb.program_run_changed", "reminder_settings_changed": "admin.audit.verb.reminder_settings_changed",
}

// auditActionNames are the catalogue keys of each action's name in the
// audit log's event filter.
var auditActionNames = map[string]string{
	audit.SignIn: "admin.audit.action.sign_in", audit.SignInFailed: "admin.audit.action.sign_in_failed",
	audit.SignOut: "admin.audit.action.sign_out", audit.Lockout: "admin.audit.action.lockout",
	audit.AccountCreated: "admin.audit.action.account_created", audit.AccountChanged: "admin.audit.action.account_changed",
	audit.ClientCreated: "admin.audit.action.client_created", audit.ClientChanged: "admin.audit.action.client_changed",
	audit.InviteCreated: "admin.audit.action.invite_created", audit.InviteAccepted: "admin.audit.action.invite_accepted",
	audit.AssignmentCreated: "admin.audit.action.assignment_created", audit.AssignmentChanged: "admin.audit.action.assignment_changed",
	audit.ReflectionRead: "admin.audit.action.reflection_read", audit.ReflectionSaved: "admin.audit.action.reflection_saved",
	audit.ReflectionSubmit: "admin.audit.action.reflection_submitted", audit.CommentAdded: "admin.audit.action.comment_added",
	audit.HandoutPrinted: "admin.audit.action.handout_printed", audit.ModuleSaved: "admin.audit.action.module_saved",
	audit.WorksheetSaved: "admin.audit.action.worksheet_saved", audit.Published: "admin.audit.action.published",
	audit.MFAEnabled: "admin.audit.action.mfa_enabled", audit.MFADisabled: "admin.audit.action.mfa_disabled",
	audit.MFAVerified: "admin.audit.action.mfa_verified", audit.MFAFailed: "admin.audit.action.mfa_failed",
	audit.MFARecoveryUsed: "admin.audit.action.mfa_recovery_code_used", audit.MFARecoveryNew: "admin.audit.action.mfa_recovery_codes_renewed",
	audit.MFAPolicyChanged: "admin.audit.action.mfa_policy_changed",
	audit.BreakGlassOpened: "admin.audit.action.break_glass_opened", audit.BreakGlassRead: "admin.audit.action.break_glass_read",
	audit.BreakGlassEnded: "admin.audit.action.break_glass_ended", audit.BreakGlassSearch: "admin.audit.action.break_glass_searched",
	audit.AuditExported: "admin.audit.action.audit_exported", audit.FlagAcknowledged: "admin.audit.action.flag_acknowledged",
	audit.SafetySettingsChanged: "admin.audit.action.safety_settings_changed",
	"couple_linked":             "admin.audit.action.couple_linked", "couple_unlinked": "admin.audit.action.couple_unlinked",
	"couple_assigned": "admin.audit.action.couple_assigned", "couple_individual_only": "admin.audit.action.couple_individual_only",
	"couple_sharing_changed": "admin.audit.action.couple_sharing_changed", "couple_shared_read": "admin.audit.action.couple_shared_read",
	"couple_joint_printed": "admin.audit.action.couple_joint_printed",
	"program_saved":        "admin.audit.action.program_saved", "program_assigned": "admin.audit.action.program_assigned",
	"program_run_changed": "admin.audit.action.program_run_changed", "reminder_settings_changed": "admin.audit.action.reminder_settings_changed",
}

// auditObjectTypes are the catalogue keys of the kinds of record an event
// names.
var auditObjectTypes = map[string]string{
	"assignment": "admin.audit.type.assignment", "client": "admin.audit.type.client", "couple": "admin.audit.type.couple",
	"couple_group": "admin.audit.type.couple_group", "module": "admin.audit.type.module",
	"module_version": "admin.audit.type.module_version", "practice": "admin.audit.type.practice",
	"practice_safety": "admin.audit.type.practice_safety", "program": "admin.audit.type.program",
	"program_run": "admin.audit.type.program_run", "user": "admin.audit.type.user", "worksheet": "admin.audit.type.worksheet",
	"worksheet_version": "admin.audit.type.worksheet_version", "audit_log": "admin.audit.type.audit_log",
}

// auditAction is one choice of the audit log's event filter.
type auditAction struct {
	Value, Label string
}

func auditActions(l *i18n.Localizer) []auditAction {
	acts := audit.Actions()
	out := make([]auditAction, 0, len(acts))
	for _, a := range acts {
		label := strings.ReplaceAll(a, "_", " ")
		if id, ok := auditActionNames[a]; ok {
			label = l.T(id)
		} else if label != "" {
			label = strings.ToUpper(label[:1]) + label[1:]
		}
		out = append(out, auditAction{Value: a, Label: label})
	}
	return out
}

// auditEventView is one row of the audit log as the page shows it.
type auditEventView struct {
	audit.Event
	Words string
}

// auditWho names the person who acted, as audit.Event.Who does, in l's
// language. ForAdmin leaves a client as "client #id" or "a client".
func auditWho(l *i18n.Localizer, e audit.Event) string {
	who := e.ActorName
	if who == "" {
		who = e.ActorEmail
		switch {
		case who == "":
			return l.T("admin.audit.someone")
		case e.ActorRole == string(auth.RoleClient) && who == "a client":
			return l.T("admin.audit.a_client")
		case e.ActorRole == string(auth.RoleClient) && strings.HasPrefix(who, "client #") && e.ClientID != nil &&
			who == fmt.Sprintf("client #%d", *e.ClientID):
			return l.T("admin.audit.client_n", "N", *e.ClientID)
		}
	}
	switch e.ActorRole {
	case string(auth.RoleClinician):
		return l.T("admin.audit.who_clinician", "Name", who)
	case string(auth.RoleAdmin):
		return l.T("admin.audit.who_admin", "Name", who)
	}
	return who
}

// auditWords says the event as a sentence in l's language, as
// audit.Event.Words does in English, from what e holds only.
func auditWords(l *i18n.Localizer, e audit.Event) string {
	verb := strings.ReplaceAll(e.Action, "_", " ")
	if id, ok := auditVerbs[e.Action]; ok {
		verb = l.T(id)
	}
	var b strings.Builder
	b.WriteString(auditWho(l, e))
	b.WriteString(" ")
	b.WriteString(verb)
	if e.ObjectType != "" && e.ObjectID != nil {
		typ := strings.ReplaceAll(e.ObjectType, "_", " ")
		if id, ok := auditObjectTypes[e.ObjectType]; ok {
			typ = l.T(id)
		}
		b.WriteString(l.T("admin.audit.object", "Title", typ, "N", *e.ObjectID))
	}
	if e.ClientID != nil && e.ObjectType != "client" && !(e.ActorRole == string(auth.RoleClient) && strings.HasPrefix(e.ActorEmail, "client #")) {
		b.WriteString(l.T("admin.audit.for_client", "N", *e.ClientID))
	}
	if e.Detail != "" {
		detail := e.Detail
		if id, ok := auditDetails[detail]; ok {
			detail = l.T(id)
		}
		fmt.Fprintf(&b, ": %q", detail)
	}
	return b.String()
}
