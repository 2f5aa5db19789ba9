// Package audit records who did what to which record, when and from where,
// in an append-only table, and lists it for administrators.
package audit

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/auth"
)

// Actions recorded in the trail.
const (
	SignIn            = "sign_in"
	SignInFailed      = "sign_in_failed"
	SignOut           = "sign_out"
	Lockout           = "lockout"
	AccountCreated    = "account_created"
	AccountChanged    = "account_changed"
	ClientCreated     = "client_created"
	ClientChanged     = "client_changed"
	InviteCreated     = "invite_created"
	InviteAccepted    = "invite_accepted"
	AssignmentCreated = "assignment_created"
	AssignmentChanged = "assignment_changed"
	ReflectionRead    = "reflection_read"
	ReflectionSaved   = "reflection_saved"
	ReflectionSubmit  = "reflection_submitted"
	CommentAdded      = "comment_added"
	HandoutPrinted    = "handout_printed"
	ModuleSaved       = "module_saved"
	WorksheetSaved    = "worksheet_saved"
	Published         = "published"
)

// Two-step sign-in and emergency (break-glass) access.
const (
	MFAEnabled       = "mfa_enabled"
	MFADisabled      = "mfa_disabled"
	MFAVerified      = "mfa_verified"
	MFAFailed        = "mfa_failed"
	MFARecoveryUsed  = "mfa_recovery_code_used"
	MFARecoveryNew   = "mfa_recovery_codes_renewed"
	MFAPolicyChanged = "mfa_policy_changed"
	BreakGlassOpened = "break_glass_opened"
	BreakGlassRead   = "break_glass_read"
	BreakGlassEnded  = "break_glass_ended"
	BreakGlassSearch = "break_glass_searched"
	AuditExported    = "audit_exported"
)

// Accounts and records people manage themselves (issue 18).
const (
	PasswordResetRequested = "password_reset_requested"
	PasswordReset          = "password_reset"
	EmailChangeRequested   = "email_change_requested"
	EmailChanged           = "email_changed"
	ProfileChanged         = "profile_changed"
	InviteSent             = "invite_sent"
	RecordsExported        = "records_exported"
	PracticeExported       = "practice_exported"
	SettingsChanged        = "settings_changed"
	FileClosed             = "file_closed"
	RetentionHold          = "retention_hold"
	RetentionDeleted       = "retention_deleted"
)

// Clinical safety (issue 15).
const (
	FlagAcknowledged      = "flag_acknowledged"
	SafetySettingsChanged = "safety_settings_changed"
)

// Event is one line of the trail.
type Event struct {
	ID         int64
	At         time.Time
	ActorID    *int64
	ActorRole  string
	ActorEmail string `gorm:"->"`
	ActorName  string `gorm:"->"`
	Action     string
	ObjectType string
	ObjectID   *int64
	ClientID   *int64
	IP         string
	Detail     string
}

// Log writes and reads audit events.
type Log struct {
	db  *gorm.DB
	log *slog.Logger
}

// New returns a Log over db.
func New(db *gorm.DB, log *slog.Logger) *Log { return &Log{db: db, log: log} }

type ipKey struct{}

// WithIP stores the request's client address for the events it causes.
func WithIP(ctx context.Context, ip string) context.Context {
	return context.WithValue(ctx, ipKey{}, ip)
}

// IPFrom returns the client address WithIP stored, or "".
func IPFrom(ctx context.Context) string {
	ip, _ := ctx.Value(ipKey{}).(string)
	return ip
}

// Record appends an event for actor. A failure to audit is logged, not
// returned: callers have already done the work, and the log line keeps it visible.
func (l *Log) Record(ctx context.Context, actor auth.Actor, action, objectType string, objectID, clientID int64, detail string) {
	if err := l.RecordTx(ctx, l.db, actor, action, objectType, objectID, clientID, detail); err != nil {
		l.log.Error("audit record failed", "action", action, "err", err)
	}
}

// RecordTx appends an event inside the caller's transaction, so the event
// and the change it describes land together.
func (l *Log) RecordTx(ctx context.Context, tx *gorm.DB, actor auth.Actor, action, objectType string, objectID, clientID int64, detail string) error {
	e := Event{Action: action, ObjectType: objectType, Detail: detail, ActorRole: string(actor.Role)}
	if actor.UserID != 0 {
		e.ActorID = &actor.UserID
	}
	if objectID != 0 {
		e.ObjectID = &objectID
	}
	if clientID != 0 {
		e.ClientID = &clientID
	}
	e.IP, _ = ctx.Value(ipKey{}).(string)
	err := tx.WithContext(ctx).Table("audit_events").Omit("ID", "At", "ActorEmail", "ActorName").Create(&e).Error
	if err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}

// Filter narrows a listing.
type Filter struct {
	Action   string
	ActorID  int64
	Person   string // part of the actor's email or name, any case
	ClientID int64
	Since    time.Time
	Until    time.Time // events before this instant
	Before   int64     // keyset pagination: events with id < Before
	Limit    int
}

// List returns events newest first.
func (l *Log) List(ctx context.Context, f Filter) ([]Event, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	q := l.db.WithContext(ctx).Table("audit_events e").
		Select("e.*, COALESCE(u.email, '') AS actor_email, COALESCE(u.display_name, '') AS actor_name").
		Joins("LEFT JOIN users u ON u.id = e.actor_id")
	if f.Action != "" {
		q = q.Where("e.action = ?", f.Action)
	}
	if f.ActorID != 0 {
		q = q.Where("e.actor_id = ?", f.ActorID)
	}
	if f.Person != "" {
		like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(f.Person) + "%"
		q = q.Where("(u.email ILIKE ? OR u.display_name ILIKE ?)", like, like)
	}
	if f.ClientID != 0 {
		q = q.Where("e.client_id = ?", f.ClientID)
	}
	if !f.Until.IsZero() {
		q = q.Where("e.at < ?", f.Until)
	}
	if !f.Since.IsZero() {
		q = q.Where("e.at >= ?", f.Since)
	}
	if f.Before != 0 {
		q = q.Where("e.id < ?", f.Before)
	}
	var out []Event
	if err := q.Order("e.id DESC").Limit(f.Limit).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("list audit events: %w", err)
	}
	return out, nil
}

// accessActions are the events about accounts, signing in, two-step
// sign-in, emergency access and the library. Their detail says nothing of
// any client's work, so an administrator, who runs these, reads it in full.
var accessActions = map[string]bool{
	SignIn: true, SignInFailed: true, SignOut: true, Lockout: true, AccountCreated: true, AccountChanged: true,
	ModuleSaved: true, WorksheetSaved: true, Published: true,
	MFAEnabled: true, MFADisabled: true, MFAVerified: true, MFAFailed: true, MFARecoveryUsed: true, MFARecoveryNew: true,
	MFAPolicyChanged: true, BreakGlassOpened: true, BreakGlassRead: true, BreakGlassEnded: true,
	BreakGlassSearch: true, AuditExported: true,
}

// ForAdmin is what an administrator may see of e on the audit log, which
// needs no break-glass. Every other event concerns a client's work
// (assignments, reflections, comments, handouts, couples), and its detail is
// clinical metadata: which module or worksheet a client was given, how many
// answers they share with a partner. For those an administrator sees who
// did what to which record and when, from where, but not the detail, and a
// client acting is named by their client number, not their email. mayRead
// reports whether the administrator may read that client's work now (an
// open break-glass grant); then the event is shown whole.
func (e Event) ForAdmin(mayRead func(clientID int64) bool) Event {
	if accessActions[e.Action] {
		return e
	}
	if e.ClientID != nil && mayRead != nil && mayRead(*e.ClientID) {
		return e
	}
	e.Detail = ""
	if e.ActorRole == string(auth.RoleClient) {
		e.ActorEmail = "a client"
		if e.ClientID != nil {
			e.ActorEmail = fmt.Sprintf("client #%d", *e.ClientID)
		}
		e.ActorName = ""
	}
	return e
}

// ListForAdmin is List as an administrator may see it (ForAdmin).
func (l *Log) ListForAdmin(ctx context.Context, f Filter, mayRead func(clientID int64) bool) ([]Event, error) {
	events, err := l.List(ctx, f)
	if err != nil {
		return nil, err
	}
	for i := range events {
		events[i] = events[i].ForAdmin(mayRead)
	}
	return events, nil
}

// Actions lists every action name, for the filter menu.
func Actions() []string {
	return []string{SignIn, SignInFailed, SignOut, Lockout, AccountCreated, AccountChanged, ClientCreated,
		ClientChanged, InviteCreated, InviteAccepted, AssignmentCreated, AssignmentChanged, ReflectionRead,
		ReflectionSaved, ReflectionSubmit, CommentAdded, HandoutPrinted, ModuleSaved, WorksheetSaved, Published,
		MFAEnabled, MFADisabled, MFAVerified, MFAFailed, MFARecoveryUsed, MFARecoveryNew, MFAPolicyChanged,
		BreakGlassOpened, BreakGlassRead, BreakGlassEnded, BreakGlassSearch, AuditExported, FlagAcknowledged, SafetySettingsChanged,
		// Recorded by the couple package.
		"couple_linked", "couple_unlinked", "couple_assigned", "couple_individual_only", "couple_sharing_changed",
		"couple_shared_read", "couple_joint_printed",
		// Recorded by the program and reminder packages.
		"program_saved", "program_assigned", "program_run_changed", "reminder_settings_changed"}
}

// IP is the request's client address stored by WithIP, or "".
func IP(ctx context.Context) string {
	ip, _ := ctx.Value(ipKey{}).(string)
	return ip
}
