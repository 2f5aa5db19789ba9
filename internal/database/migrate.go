package database

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/pressly/goose/v3"

	"github.com/tend-practice/tend/migrations"
)

// MigrationStatus says where the schema stands against this binary.
type MigrationStatus struct {
	Current int64
	Latest  int64
	Pending []string
}

// Behind reports whether migrations are waiting to be applied.
func (s MigrationStatus) Behind() bool { return s.Current < s.Latest }

func provider(db *sql.DB) (*goose.Provider, error) {
	p, err := goose.NewProvider(goose.DialectPostgres, db, migrations.FS)
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return p, nil
}

// Migrate applies every pending migration.
func Migrate(ctx context.Context, db *sql.DB) ([]string, error) {
	p, err := provider(db)
	if err != nil {
		return nil, err
	}
	results, err := p.Up(ctx)
	var applied []string
	for _, r := range results {
		applied = append(applied, r.Source.Path)
	}
	if err != nil {
		return applied, fmt.Errorf("apply migrations: %w", err)
	}
	return applied, nil
}

// Status compares the database's schema version with this binary's.
func Status(ctx context.Context, db *sql.DB) (MigrationStatus, error) {
	p, err := provider(db)
	if err != nil {
		return MigrationStatus{}, err
	}
	var st MigrationStatus
	if st.Current, err = p.GetDBVersion(ctx); err != nil {
		return st, fmt.Errorf("read schema version: %w", err)
	}
	sources := p.ListSources()
	if len(sources) > 0 {
		st.Latest = sources[len(sources)-1].Version
	}
	for _, s := range sources {
		if s.Version > st.Current {
			st.Pending = append(st.Pending, s.Path)
		}
	}
	return st, nil
}
