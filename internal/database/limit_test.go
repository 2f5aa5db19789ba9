package database_test

import (
	"context"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/tend-practice/tend/internal/database/dbtest"
)

// Limits are written into the SQL, so that PostgreSQL can reuse a prepared
// statement's generic plan (see literalLimit).
func TestOpen_LimitAndOffsetAreLiterals(t *testing.T) {
	db := dbtest.New(t)
	var rows []struct{ N int }
	stmt := db.Gorm.Session(&gorm.Session{DryRun: true}).Table("generate_series(1, 10) AS n").Select("n").
		Order("n").Limit(3).Offset(4).Find(&rows).Statement
	if sql := stmt.SQL.String(); !strings.HasSuffix(sql, "ORDER BY n LIMIT 3 OFFSET 4") || len(stmt.Vars) != 0 {
		t.Fatalf("SQL = %q with vars %v, want literal LIMIT 3 OFFSET 4", sql, stmt.Vars)
	}
	err := db.Gorm.WithContext(context.Background()).Table("generate_series(1, 10) AS n").Select("n").
		Order("n").Limit(3).Offset(4).Scan(&rows).Error
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0].N != 5 || rows[2].N != 7 {
		t.Fatalf("rows = %v, want 5, 6, 7", rows)
	}
	if err := db.Gorm.Table("generate_series(1, 10) AS n").Select("n").Offset(8).Scan(&rows).Error; err != nil || len(rows) != 2 {
		t.Fatalf("offset alone: %v rows, err %v", len(rows), err)
	}
}
