// Package safety holds the practice's safety settings: the crisis contacts
// a client is shown when an answer raises an urgent flag (and at the end of
// every module with a content note, and of every printout), the practice's
// own contact details and hours, and an honest sentence about when
// reflections are read. Tend is not watched in real time and must never
// suggest it is.
package safety

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/fielderr"
)

// ErrForbidden means the actor may not change the settings (only admins may).
var ErrForbidden = errors.New("safety: only an administrator may change the safety settings")

// Contact is one crisis contact: a line, a service or an emergency number.
type Contact struct {
	Name string `json:"name"`
	// Phone is a number to call, Text a number (or short code) to text;
	// either may be empty.
	Phone string `json:"phone,omitempty"`
	Text  string `json:"text,omitempty"`
	// Web is an http(s) address.
	Web string `json:"web,omitempty"`
	// When says when to use it: "If you are in danger now".
	When string `json:"when,omitempty"`
}

// Settings are the practice's safety settings.
type Settings struct {
	Contacts        []Contact `json:"crisis_contacts"`
	PracticeContact string    `json:"practice_contact"`
	PracticeHours   string    `json:"practice_hours"`
	ReadingPromise  string    `json:"reading_promise"`
	// The optional letterhead on printouts: name, postal address, phone.
	LetterheadName    string `json:"letterhead_name"`
	LetterheadAddress string `json:"letterhead_address"`
	LetterheadPhone   string `json:"letterhead_phone"`
	// Placeholder is true until an administrator saves the settings: a
	// fresh install shows labelled placeholders, never real-looking numbers.
	Placeholder bool       `json:"placeholder"`
	UpdatedAt   *time.Time `json:"updated_at"`
}

// DefaultReadingPromise is the honest default sentence about reading times.
const DefaultReadingPromise = "Reflections are read within 2 working days. Tend is not watched in real time."

// Placeholders are what a fresh install shows until an administrator fills
// in the practice's own contacts. They name no country's numbers.
func Placeholders() Settings {
	return Settings{
		Contacts: []Contact{
			{Name: "Emergency number (not set yet)", When: "If you or someone else is in danger right now. Your practice has not added its local emergency number yet: use your country's emergency number."},
			{Name: "Crisis line (not set yet)", When: "If you are thinking about suicide or feel unable to keep yourself safe. Your practice has not added a crisis line yet."},
		},
		PracticeContact: "Your practice has not added its contact details yet.",
		PracticeHours:   "",
		ReadingPromise:  DefaultReadingPromise,
		Placeholder:     true,
	}
}

// Limits on what the settings may hold.
const (
	MaxContacts   = 12
	maxShort      = 120
	maxLong       = 500
	maxWebAddress = 300
)

// ValidationError carries person-facing messages per form field: "contact_2_web",
// "practice_contact" and so on.
type ValidationError struct{ Fields map[string]string }

func (e *ValidationError) Error() string { return fmt.Sprintf("invalid safety settings: %v", e.Fields) }

// Clean trims the settings, drops empty contact rows and checks them.
func Clean(in Settings) (Settings, error) {
	out := Settings{PracticeContact: strings.TrimSpace(in.PracticeContact), PracticeHours: strings.TrimSpace(in.PracticeHours),
		ReadingPromise: strings.TrimSpace(in.ReadingPromise), LetterheadName: strings.TrimSpace(in.LetterheadName),
		LetterheadAddress: strings.TrimSpace(in.LetterheadAddress), LetterheadPhone: strings.TrimSpace(in.LetterheadPhone)}
	errs := map[string]string{}
	long := func(key, v string) {
		if utf8.RuneCountInString(v) > maxLong {
			errs[key] = fmt.Sprintf("Please keep this under %d characters.", maxLong)
		}
	}
	long("practice_contact", out.PracticeContact)
	long("practice_hours", out.PracticeHours)
	long("reading_promise", out.ReadingPromise)
	long("letterhead_name", out.LetterheadName)
	long("letterhead_address", out.LetterheadAddress)
	long("letterhead_phone", out.LetterheadPhone)
	if out.ReadingPromise == "" {
		errs["reading_promise"] = "Please say when reflections are read, for example: " + DefaultReadingPromise
	}
	for i, c := range in.Contacts {
		c = Contact{Name: strings.TrimSpace(c.Name), Phone: strings.TrimSpace(c.Phone), Text: strings.TrimSpace(c.Text),
			Web: strings.TrimSpace(c.Web), When: strings.TrimSpace(c.When)}
		if c == (Contact{}) {
			continue
		}
		key := func(f string) string { return fmt.Sprintf("contact_%d_%s", i+1, f) }
		switch {
		case c.Name == "":
			errs[key("name")] = "Please give this contact a name."
		case utf8.RuneCountInString(c.Name) > maxShort:
			errs[key("name")] = fmt.Sprintf("Please keep the name under %d characters.", maxShort)
		}
		if c.Phone == "" && c.Text == "" && c.Web == "" {
			errs[key("phone")] = "Please give a number to call or text, or a web address."
		}
		for f, v := range map[string]string{"phone": c.Phone, "text": c.Text} {
			if utf8.RuneCountInString(v) > maxShort {
				errs[key(f)] = fmt.Sprintf("Please keep this under %d characters.", maxShort)
			}
		}
		if c.Web != "" {
			if u, err := url.Parse(c.Web); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(c.Web) > maxWebAddress {
				errs[key("web")] = "Please give a full web address starting with https://"
			}
		}
		long(key("when"), c.When)
		out.Contacts = append(out.Contacts, c)
	}
	if len(out.Contacts) > MaxContacts {
		errs["contacts"] = fmt.Sprintf("Please list at most %d contacts.", MaxContacts)
	}
	if len(out.Contacts) == 0 && len(errs) == 0 {
		errs["contact_1_name"] = "Please list at least one crisis contact, such as your local emergency number."
	}
	if len(errs) > 0 {
		return out, &ValidationError{Fields: errs}
	}
	return out, nil
}

// Service reads and saves the settings.
type Service struct {
	db    *gorm.DB
	audit *audit.Log
}

// NewService wires the service.
func NewService(db *gorm.DB, log *audit.Log) *Service { return &Service{db: db, audit: log} }

// Get returns the settings, or the placeholders when none are saved yet.
// Anyone signed in may read them: they are what a client in difficulty
// needs to see.
func (s *Service) Get(ctx context.Context) (Settings, error) {
	var row struct {
		CrisisContacts                                     []byte
		PracticeContact                                    string
		PracticeHours                                      string
		ReadingPromise                                     string
		LetterheadName, LetterheadAddress, LetterheadPhone string
		UpdatedAt                                          time.Time
	}
	res := s.db.WithContext(ctx).Raw(`SELECT crisis_contacts, practice_contact, practice_hours, reading_promise,
		letterhead_name, letterhead_address, letterhead_phone, updated_at
		FROM practice_safety WHERE id = 1`).Scan(&row)
	if res.Error != nil {
		return Settings{}, fmt.Errorf("get safety settings: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return Placeholders(), nil
	}
	out := Settings{PracticeContact: row.PracticeContact, PracticeHours: row.PracticeHours, ReadingPromise: row.ReadingPromise, UpdatedAt: &row.UpdatedAt,
		LetterheadName: row.LetterheadName, LetterheadAddress: row.LetterheadAddress, LetterheadPhone: row.LetterheadPhone}
	if err := json.Unmarshal(row.CrisisContacts, &out.Contacts); err != nil {
		return Settings{}, fmt.Errorf("decode crisis contacts: %w", err)
	}
	return out, nil
}

// Save replaces the settings (admins only), audited in the same transaction.
func (s *Service) Save(ctx context.Context, actor auth.Actor, in Settings) error {
	if actor.Role != auth.RoleAdmin {
		return ErrForbidden
	}
	clean, err := Clean(in)
	if err != nil {
		return err
	}
	contacts, err := json.Marshal(clean.Contacts)
	if err != nil {
		return fmt.Errorf("encode crisis contacts: %w", err)
	}
	return database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		err := tx.Exec(`INSERT INTO practice_safety (id, crisis_contacts, practice_contact, practice_hours, reading_promise,
				letterhead_name, letterhead_address, letterhead_phone, updated_by, updated_at)
			VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, now())
			ON CONFLICT (id) DO UPDATE SET crisis_contacts = EXCLUDED.crisis_contacts, practice_contact = EXCLUDED.practice_contact,
				practice_hours = EXCLUDED.practice_hours, reading_promise = EXCLUDED.reading_promise,
				letterhead_name = EXCLUDED.letterhead_name, letterhead_address = EXCLUDED.letterhead_address,
				letterhead_phone = EXCLUDED.letterhead_phone, updated_by = EXCLUDED.updated_by, updated_at = now()`,
			string(contacts), clean.PracticeContact, clean.PracticeHours, clean.ReadingPromise,
			clean.LetterheadName, clean.LetterheadAddress, clean.LetterheadPhone, actor.UserID).Error
		if err != nil {
			return fmt.Errorf("save safety settings: %w", err)
		}
		return s.audit.RecordTx(ctx, tx, actor, audit.SafetySettingsChanged, "practice_safety", 1, 0,
			fmt.Sprintf("%d crisis contacts", len(clean.Contacts)))
	})
}

// FieldErrors returns the message per field: ValidationError is a
// fielderr.Error, which the web layer answers with 422.
func (e *ValidationError) FieldErrors() map[string]string { return e.Fields }

var _ fielderr.Error = (*ValidationError)(nil)
