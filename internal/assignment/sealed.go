package assignment

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/tend-practice/tend/internal/seal"
	"github.com/tend-practice/tend/internal/sealkeys"
	"github.com/tend-practice/tend/internal/worksheet"
)

// What clients write (answers, drafts included) and comments are sealed by
// the application before they reach PostgreSQL (internal/seal). Each value
// is bound to its row: responses by assignment id (a response is unique per
// assignment), comments by comment id.

// ErrNoKeys means the service was built without data keys: it refuses to
// read or write reflections rather than store them in the clear.
var ErrNoKeys = errors.New("assignment: no data keys configured")

// WithKeys gives the service the keys that seal and open reflections.
func WithKeys(k *seal.Keyring) Option { return func(s *Service) { s.keys = k } }

func responseRecord(assignmentID int64) string {
	return "responses:" + strconv.FormatInt(assignmentID, 10)
}

func commentRecord(id int64) string { return "comments:" + strconv.FormatInt(id, 10) }

func (s *Service) seal(plain []byte, record string) ([]byte, error) {
	if s.keys == nil {
		return nil, ErrNoKeys
	}
	return s.keys.Seal(plain, record)
}

// openAnswers reads a response's answers: the sealed column, or for a row
// not sealed yet (written before sealing), the plaintext one.
func (s *Service) openAnswers(assignmentID int64, sealed, plain []byte) (worksheet.Answers, error) {
	raw := plain
	if sealed != nil {
		if s.keys == nil {
			return nil, ErrNoKeys
		}
		var err error
		if raw, err = s.keys.Open(sealed, responseRecord(assignmentID)); err != nil {
			return nil, fmt.Errorf("open answers of assignment %d: %w", assignmentID, err)
		}
	}
	var a worksheet.Answers
	if len(raw) == 0 {
		return a, nil
	}
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, fmt.Errorf("decode answers: %w", err)
	}
	return a, nil
}

func (s *Service) openComment(id int64, sealed []byte, plain string) (string, error) {
	if sealed == nil {
		return plain, nil
	}
	if s.keys == nil {
		return "", ErrNoKeys
	}
	b, err := s.keys.Open(sealed, commentRecord(id))
	if err != nil {
		return "", fmt.Errorf("open comment %d: %w", id, err)
	}
	return string(b), nil
}

// SealedColumns are the columns this package seals, for the key manager
// (tend seal-existing, tend rotate-keys): answers, then comments.
func SealedColumns() []sealkeys.Column {
	return []sealkeys.Column{
		{Table: "responses", Key: "assignment_id", Plain: "answers", Sealed: "answers_sealed",
			Type: "jsonb", Empty: "'{}'", Record: responseRecord},
		{Table: "comments", Key: "id", Plain: "body", Sealed: "body_sealed",
			Type: "text", Empty: "''", Record: commentRecord},
	}
}

// OpenAnswersJSON returns a stored response's answers as JSON, unsealed
// (the practice export).
func (s *Service) OpenAnswersJSON(assignmentID int64, sealed, plain []byte) ([]byte, error) {
	a, err := s.openAnswers(assignmentID, sealed, plain)
	if err != nil {
		return nil, err
	}
	if a == nil {
		return []byte("null"), nil
	}
	return json.Marshal(a)
}

// OpenComment returns a stored comment's body, unsealed (the practice export).
func (s *Service) OpenComment(id int64, sealed []byte, plain string) (string, error) {
	return s.openComment(id, sealed, plain)
}
