package assignment_test

import (
	"context"
	"errors"
	"testing"

	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/bench"
)

// TestOwnership_ClientWithoutClientsRow: a client account with no clients
// row (ClientID 0) owns nothing, through the GORM builder (Get) and the raw
// SQL (Response) alike. The raw clause once read "a.client_id = 0", so an
// assignment filed under a clients row numbered 0 leaked its answers.
func TestOwnership_ClientWithoutClientsRow(t *testing.T) {
	a, p := bench.NewPractice(t, 1, 1)
	ctx := context.Background()
	sql := a.DB.Gorm
	var id int64
	if err := sql.Raw(`SELECT a.id FROM assignments a JOIN responses r ON r.assignment_id = a.id
		WHERE r.state = 'submitted' ORDER BY a.id LIMIT 1`).Scan(&id).Error; err != nil || id == 0 {
		t.Fatalf("no submitted assignment in the seed (id %d): %v", id, err)
	}
	stmts := []string{
		`INSERT INTO clients (id, clinician_id, display_name) VALUES (0, ?, 'Row zero')`,
		`UPDATE assignments SET client_id = 0 WHERE id = ?`,
	}
	if err := sql.Exec(stmts[0], p.Clinicians[0].ID).Error; err != nil {
		t.Fatal(err)
	}
	if err := sql.Exec(stmts[1], id).Error; err != nil {
		t.Fatal(err)
	}
	actor := auth.Actor{UserID: p.Clinicians[0].ID + 1000, Role: auth.RoleClient}
	if _, err := a.Assignments.Get(ctx, actor, id); !errors.Is(err, assignment.ErrNotFound) {
		t.Fatalf("Get for a client without a clients row: err %v, want ErrNotFound", err)
	}
	r, err := a.Assignments.Response(ctx, actor, assignment.Assignment{ID: id})
	if err != nil {
		t.Fatal(err)
	}
	if r.ID != 0 || len(r.Answers) != 0 {
		t.Fatalf("Response for a client without a clients row: got response %d with %d answers, want none", r.ID, len(r.Answers))
	}
}
