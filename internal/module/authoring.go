package module

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/audit"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/database"
	"github.com/tend-practice/tend/internal/fielderr"
	"github.com/tend-practice/tend/internal/reference"
)

// MaxReferences is how many references a clinician's module may cite.
const MaxReferences = 6

// Limits on what a clinician types, beyond those Definition.Validate keeps.
const (
	maxContentNote = 400
	maxRefTitle    = 500
	maxRefJournal  = 300
	maxRefPart     = 60 // volume, issue, pages
	maxRefNote     = 200
	maxRefDOI      = 200
	maxRefURL      = 500
	maxRefAuthors  = 50
	maxAuthorName  = 120
)

// ValidationError lists what is wrong with a module draft, keyed by the
// form field it belongs to ("title", "ref2_doi"), so a page can show each
// message next to its input.
type ValidationError struct {
	Fields map[string]string
}

func (e *ValidationError) Error() string {
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+": "+e.Fields[k])
	}
	return "module: invalid draft: " + strings.Join(parts, "; ")
}

const slugTaken = "Another module already uses this slug. Please choose another."

// Problems reports everything wrong with a draft at once, keyed like
// ValidationError. References are checked in the order given: the first is
// "ref1". An empty map means the draft can be saved.
func Problems(d Definition, refs []reference.Reference) map[string]string {
	d, refs = tidy(d), tidyRefs(refs)
	p := map[string]string{}
	if !slugPattern.MatchString(d.Slug) || len(d.Slug) > 80 {
		p["slug"] = "Use lower-case words and numbers joined by hyphens, like aftercare-for-two (at most 80 characters)."
	}
	switch n := utf8.RuneCountInString(d.Title); {
	case n == 0:
		p["title"] = "Please give the module a title."
	case n > 160:
		p["title"] = "Please keep the title to 160 characters or fewer."
	}
	switch n := utf8.RuneCountInString(d.Summary); {
	case n == 0:
		p["summary"] = "Please write a one- or two-sentence summary."
	case n > 400:
		p["summary"] = "Please keep the summary to 400 characters or fewer."
	}
	if utf8.RuneCountInString(d.ContentNote) > maxContentNote {
		p["content_note"] = fmt.Sprintf("Please keep the content note to %d characters or fewer.", maxContentNote)
	}
	switch {
	case strings.TrimSpace(d.Body) == "":
		p["body"] = "Please write the module's text."
	case len(d.Body) > 100_000:
		p["body"] = "The text is too long (at most 100,000 characters)."
	}
	for _, t := range d.Topics {
		if !contains(Topics, t) {
			p["topics"] = "Please choose from the listed topics."
		}
	}
	if len(d.Guide.Body) > maxGuide {
		p["guide"] = fmt.Sprintf("The clinician guide is too long (at most %d characters).", maxGuide)
	}
	if len(refs) > MaxReferences {
		p["references"] = fmt.Sprintf("A module may cite at most %d references.", MaxReferences)
	}
	for i, r := range refs {
		refProblems(p, fmt.Sprintf("ref%d_", i+1), r)
	}
	if len(p) > 0 {
		return p
	}
	// The library's own rules have the last word: anything they reject that
	// the friendlier checks above let through still blocks saving.
	if err := d.Validate(); err != nil {
		p["form"] = err.Error()
	}
	for i, r := range refs {
		r.Key = "draft"
		if err := r.Validate(); err != nil {
			p[fmt.Sprintf("ref%d", i+1)] = err.Error()
		}
	}
	return p
}

func refProblems(p map[string]string, key string, r reference.Reference) {
	kind := r.Kind()
	switch {
	case !slices.Contains(reference.Types, kind):
		p[key+"type"] = "Please choose the kind of work from the list."
	case len(r.Authors) == 0 && r.GroupAuthor == "" && !(kind == reference.Book && len(r.Editors) > 0):
		p[key+"authors"] = "Please list at least one author, one per line, as “Family, G. G.”, or give a group author."
	case len(r.Authors) > 0 && r.GroupAuthor != "":
		p[key+"group_author"] = "Please give either authors or a group author, not both."
	case len(r.Authors) > maxRefAuthors:
		p[key+"authors"] = fmt.Sprintf("Please list at most %d authors.", maxRefAuthors)
	}
	for field, list := range map[string][]reference.Author{"authors": r.Authors, "editors": r.Editors} {
		for i, a := range list {
			if a.Family == "" {
				p[key+field] = fmt.Sprintf("Name %d has no family name. Write one per line, as “Family, G. G.”.", i+1)
				break
			}
			if utf8.RuneCountInString(a.Family)+utf8.RuneCountInString(a.Given) > maxAuthorName {
				p[key+field] = fmt.Sprintf("Name %d is too long.", i+1)
				break
			}
		}
	}
	if len(r.Editors) > maxRefAuthors {
		p[key+"editors"] = fmt.Sprintf("Please list at most %d editors.", maxRefAuthors)
	}
	latest := time.Now().Year() + 1
	if !(r.Year == 0 && kind == reference.Webpage) && (r.Year < 1800 || r.Year > latest) {
		p[key+"year"] = fmt.Sprintf("Please give the year of publication, from 1800 to %d.", latest)
	}
	if r.Year == 0 && kind == reference.Webpage && r.Accessed == "" {
		p[key+"accessed"] = "For a page without a date, please give the day you read it, as YYYY-MM-DD."
	}
	switch n := utf8.RuneCountInString(r.Title); {
	case n == 0:
		p[key+"title"] = "Please give the title of the work."
	case n > maxRefTitle:
		p[key+"title"] = fmt.Sprintf("Please keep the title to %d characters or fewer.", maxRefTitle)
	}
	for name, v := range map[string]string{"journal": r.Journal, "book_title": r.BookTitle, "publisher": r.Publisher,
		"group_author": r.GroupAuthor, "site_name": r.SiteName} {
		if utf8.RuneCountInString(v) > maxRefJournal {
			p[key+name] = fmt.Sprintf("Please keep this to %d characters or fewer.", maxRefJournal)
		}
	}
	for name, v := range map[string]string{"volume": r.Volume, "issue": r.Issue, "pages": r.Pages, "edition": r.Edition,
		"report_number": r.ReportNumber} {
		if utf8.RuneCountInString(v) > maxRefPart {
			p[key+name] = fmt.Sprintf("Please keep this to %d characters or fewer.", maxRefPart)
		}
	}
	switch kind {
	case reference.Book, reference.Report:
		if r.Publisher == "" && r.GroupAuthor == "" {
			p[key+"publisher"] = "Please give the publisher (it may be left empty when a group author published it)."
		}
	case reference.Chapter:
		if r.BookTitle == "" {
			p[key+"book_title"] = "Please give the title of the book the chapter is in."
		}
		if r.Publisher == "" {
			p[key+"publisher"] = "Please give the book's publisher."
		}
	case reference.Webpage:
		if r.URL == "" {
			p[key+"url"] = "Please give the page's web address."
		}
	}
	if r.URL != "" && (len(r.URL) > maxRefURL || !webAddress.MatchString(r.URL)) {
		p[key+"url"] = "Please give a web address starting with https://."
	}
	for name, v := range map[string]string{"date": r.Date, "accessed": r.Accessed} {
		if _, err := time.Parse(time.DateOnly, v); v != "" && err != nil {
			p[key+name] = "Please write the date as YYYY-MM-DD, like 2019-07-03."
		}
	}
	if utf8.RuneCountInString(r.Note) > maxRefNote {
		p[key+"note"] = fmt.Sprintf("Please keep the note to %d characters or fewer.", maxRefNote)
	}
	if r.DOI != "" && (len(r.DOI) > maxRefDOI || reference.ValidateDOI(r.DOI) != nil) {
		p[key+"doi"] = "This does not look like a DOI. A DOI starts with 10. and a slash follows the number, like 10.1080/0092623X.2019.1626310."
	}
}

// webAddress is a first, friendly check of a reference's URL; the
// reference package's own check has the last word.
var webAddress = regexp.MustCompile(`^https?://[^\s/]+\S*$`)

// tidy trims what a browser form adds: surrounding space, Windows line
// endings, topics ticked in any order. An unchanged module must checksum
// the same however it was typed in.
func tidy(d Definition) Definition {
	d.Slug = strings.TrimSpace(d.Slug)
	d.Title = strings.TrimSpace(d.Title)
	d.Summary = strings.TrimSpace(d.Summary)
	d.ContentNote = strings.TrimSpace(d.ContentNote)
	if body := strings.TrimSpace(strings.ReplaceAll(d.Body, "\r\n", "\n")); body != "" {
		d.Body = body + "\n"
	} else {
		d.Body = ""
	}
	var topics []string
	for _, t := range Topics {
		if slices.Contains(d.Topics, t) {
			topics = append(topics, t)
		}
	}
	for _, t := range d.Topics { // unknown ones stay, for Problems to report
		if !contains(Topics, t) && !slices.Contains(topics, t) {
			topics = append(topics, t)
		}
	}
	d.Topics = topics
	d.References = nil // clinicians' references travel as structured values
	// A clinician's guide is free Markdown; it cites the module's references.
	guide := strings.TrimSpace(strings.ReplaceAll(d.Guide.Body, "\r\n", "\n"))
	d.Guide = Guide{}
	if guide != "" {
		d.Guide.Body = guide + "\n"
	}
	return d
}

func tidyRefs(refs []reference.Reference) []reference.Reference {
	out := make([]reference.Reference, 0, len(refs))
	for _, r := range refs {
		for _, f := range []*string{&r.Title, &r.Journal, &r.Volume, &r.Issue, &r.Pages, &r.Note, &r.GroupAuthor,
			&r.Date, &r.BookTitle, &r.Edition, &r.Publisher, &r.ReportNumber, &r.SiteName, &r.URL, &r.Accessed} {
			*f = strings.TrimSpace(*f)
		}
		r.Type = reference.Type(strings.TrimSpace(string(r.Type)))
		if r.Type == reference.Article {
			r.Type = "" // an article is the default, as in references.yaml
		}
		r.DOI = reference.NormalizeDOI(r.DOI)
		r.Authors, r.Editors = tidyNames(r.Authors), tidyNames(r.Editors)
		// A form keeps the inputs of every type; only the chosen type's are kept.
		out = append(out, r.OnlyUsedFields())
	}
	return out
}

func tidyNames(list []reference.Author) []reference.Author {
	var out []reference.Author
	for _, a := range list {
		a.Family, a.Given = strings.TrimSpace(a.Family), strings.TrimSpace(a.Given)
		if a.Family != "" || a.Given != "" {
			out = append(out, a)
		}
	}
	return out
}

// refKey names a clinician's reference in the shared bibliography: their
// user id and a hash of its content. The key is never taken from the caller,
// so nobody can overwrite a built-in reference or another clinician's.
func refKey(userID int64, r reference.Reference) string {
	h := sha256.New()
	for _, a := range r.Authors {
		fmt.Fprintf(h, "%s\x1f%s\x1e", a.Family, a.Given)
	}
	fmt.Fprintf(h, "\x00%d\x00%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00%s", r.Year, r.Title, r.Journal, r.Volume, r.Issue, r.Pages, r.DOI, r.Note)
	if r.Kind() != reference.Article {
		// Only other types hash these, so an article keeps the key it always had.
		fmt.Fprintf(h, "\x00%s\x00%s", r.Kind(), r.GroupAuthor)
		for _, e := range r.Editors {
			fmt.Fprintf(h, "%s\x1f%s\x1e", e.Family, e.Given)
		}
		for _, v := range []string{r.Date, r.BookTitle, r.Edition, r.Publisher, r.ReportNumber, r.SiteName, r.URL, r.Accessed} {
			fmt.Fprintf(h, "\x00%s", v)
		}
	} else if r.GroupAuthor != "" || r.URL != "" {
		fmt.Fprintf(h, "\x00article\x00%s\x00%s", r.GroupAuthor, r.URL)
	}
	return fmt.Sprintf("u%d-%s", userID, hex.EncodeToString(h.Sum(nil))[:16])
}

// Save stores d, with refs in order, as a new version of a private module
// owned by the actor, creating the module when the slug is new. Content
// identical to the current version changes nothing and returns its id.
// Another owner's module, or a built-in one, is ErrNotFound; a draft that
// breaks the rules is a *ValidationError.
func (s *Service) Save(ctx context.Context, a auth.Actor, d Definition, refs []reference.Reference) (int64, error) {
	return s.save(ctx, a, d, refs, false)
}

// Create is Save for a module that must be new: a slug already in use, by
// anyone, is a *ValidationError on "slug" rather than a new version.
func (s *Service) Create(ctx context.Context, a auth.Actor, d Definition, refs []reference.Reference) (int64, error) {
	return s.save(ctx, a, d, refs, true)
}

func (s *Service) save(ctx context.Context, a auth.Actor, d Definition, refs []reference.Reference, create bool) (int64, error) {
	if a.UserID == 0 || (a.Role != auth.RoleClinician && a.Role != auth.RoleAdmin) {
		return 0, ErrNotFound
	}
	d, refs = tidy(d), tidyRefs(refs)
	if p := Problems(d, refs); len(p) > 0 {
		return 0, &ValidationError{Fields: p}
	}
	for i := range refs {
		refs[i].Key = refKey(a.UserID, refs[i])
	}
	var vid int64
	err := database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		// The row lock makes concurrent saves of one module take turns, so
		// version numbers never collide.
		var m struct {
			ID               int64
			OwnerID          *int64
			Visibility       string
			CurrentVersionID *int64
		}
		if err := tx.Raw(`SELECT id, owner_id, visibility, current_version_id FROM modules WHERE slug = ? FOR UPDATE`,
			d.Slug).Scan(&m).Error; err != nil {
			return fmt.Errorf("find module %s: %w", d.Slug, err)
		}
		if m.ID != 0 {
			if create {
				return &ValidationError{Fields: map[string]string{"slug": slugTaken}}
			}
			if m.Visibility == Builtin || m.OwnerID == nil || *m.OwnerID != a.UserID {
				return ErrNotFound
			}
		}
		var err error
		if vid, err = saveVersion(ctx, tx, d, refs, Private, &a.UserID); err != nil {
			if database.IsUniqueViolation(err) && m.ID == 0 {
				// Someone created the same slug a moment ago.
				return &ValidationError{Fields: map[string]string{"slug": slugTaken}}
			}
			return err
		}
		if m.CurrentVersionID != nil && *m.CurrentVersionID == vid {
			return nil // unchanged: nothing happened, nothing to audit
		}
		return s.audit.RecordTx(ctx, tx, a, audit.ModuleSaved, "module_version", vid, 0, d.Slug)
	})
	if err != nil {
		return 0, err
	}
	return vid, nil
}

// Publish makes a clinician's module visible to the whole practice, as it
// is now. Only an admin may: publishing is the review. A module already
// practice-wide whose owner has saved a change since is published again,
// and the change goes live; one with no change pending changes nothing. A
// built-in or missing module is ErrNotFound.
func (s *Service) Publish(ctx context.Context, a auth.Actor, slug string) error {
	if a.Role != auth.RoleAdmin {
		return ErrNotFound
	}
	return database.WithTx(ctx, s.db, func(tx *gorm.DB) error {
		var m struct {
			ID                 int64
			Visibility         string
			CurrentVersionID   *int64
			PublishedVersionID *int64
		}
		if err := tx.Raw(`SELECT id, visibility, current_version_id, published_version_id FROM modules WHERE slug = ? FOR UPDATE`,
			slug).Scan(&m).Error; err != nil {
			return fmt.Errorf("find module %s: %w", slug, err)
		}
		switch {
		case m.Visibility != Private && m.Visibility != Practice, m.CurrentVersionID == nil:
			return ErrNotFound
		case m.Visibility == Practice && m.PublishedVersionID != nil && *m.PublishedVersionID == *m.CurrentVersionID:
			return nil
		}
		if err := tx.Exec(`UPDATE modules SET visibility = ?, published_version_id = current_version_id, updated_at = now() WHERE id = ?`,
			Practice, m.ID).Error; err != nil {
			return fmt.Errorf("publish module %s: %w", slug, err)
		}
		return s.audit.RecordTx(ctx, tx, a, audit.Published, "module", m.ID, 0, slug)
	})
}

// FieldErrors returns the message per field: ValidationError is a
// fielderr.Error, which the web layer answers with 422.
func (e *ValidationError) FieldErrors() map[string]string { return e.Fields }

var _ fielderr.Error = (*ValidationError)(nil)
