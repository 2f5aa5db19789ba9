package httpx

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/assignment"
	"github.com/tend-practice/tend/internal/auth"
	"github.com/tend-practice/tend/internal/breakglass"
	"github.com/tend-practice/tend/internal/client"
	"github.com/tend-practice/tend/internal/couple"
	"github.com/tend-practice/tend/internal/fielderr"
	"github.com/tend-practice/tend/internal/handout"
	"github.com/tend-practice/tend/internal/jobs"
	"github.com/tend-practice/tend/internal/mfa"
	"github.com/tend-practice/tend/internal/module"
	"github.com/tend-practice/tend/internal/practice"
	"github.com/tend-practice/tend/internal/program"
	"github.com/tend-practice/tend/internal/reference"
	"github.com/tend-practice/tend/internal/reminder"
	"github.com/tend-practice/tend/internal/safety"
	"github.com/tend-practice/tend/internal/seal"
	"github.com/tend-practice/tend/internal/worksheet"
)

// intendedStatus is what each exported sentinel of the domain packages must
// answer, keyed "package.Name". It is written out by hand, apart from
// errorTable, so a wrong line in either shows up here.
var intendedStatus = map[string]struct {
	err    error
	status int
}{
	"account.ErrNotFound":           {account.ErrNotFound, http.StatusNotFound},
	"account.ErrInvalidCredentials": {account.ErrInvalidCredentials, http.StatusUnauthorized},
	"account.ErrLocked":             {account.ErrLocked, http.StatusUnauthorized},
	"account.ErrEmailTaken":         {account.ErrEmailTaken, http.StatusConflict},
	"account.ErrForbidden":          {account.ErrForbidden, http.StatusForbidden},
	"account.ErrTokenInvalid":       {account.ErrTokenInvalid, http.StatusNotFound},
	"account.ErrThrottled":          {account.ErrThrottled, http.StatusTooManyRequests},
	"assignment.ErrNotFound":        {assignment.ErrNotFound, http.StatusNotFound},
	"assignment.ErrConflict":        {assignment.ErrConflict, http.StatusConflict},
	"assignment.ErrLocked":          {assignment.ErrLocked, http.StatusConflict},
	"assignment.ErrNoKeys":          {assignment.ErrNoKeys, http.StatusInternalServerError},
	"auth.ErrPasswordPolicy":        {auth.ErrPasswordPolicy, http.StatusUnprocessableEntity},
	"auth.ErrBusy":                  {auth.ErrBusy, http.StatusServiceUnavailable},
	"breakglass.ErrNotFound":        {breakglass.ErrNotFound, http.StatusNotFound},
	"client.ErrNotFound":            {client.ErrNotFound, http.StatusNotFound},
	"client.ErrInviteInvalid":       {client.ErrInviteInvalid, http.StatusNotFound},
	"couple.ErrNotFound":            {couple.ErrNotFound, http.StatusNotFound},
	"couple.ErrStalePreview":        {couple.ErrStalePreview, http.StatusConflict},
	"couple.ErrNotReady":            {couple.ErrNotReady, http.StatusConflict},
	"couple.ErrIndividualOnly":      {couple.ErrIndividualOnly, http.StatusConflict},
	"handout.ErrBusy":               {handout.ErrBusy, http.StatusServiceUnavailable},
	"handout.ErrRender":             {handout.ErrRender, http.StatusInternalServerError},
	"jobs.ErrNoTx":                  {jobs.ErrNoTx, http.StatusInternalServerError},
	"mfa.ErrNotEnrolled":            {mfa.ErrNotEnrolled, http.StatusConflict},
	"mfa.ErrAlreadyEnrolled":        {mfa.ErrAlreadyEnrolled, http.StatusConflict},
	"mfa.ErrInvalidCode":            {mfa.ErrInvalidCode, http.StatusUnprocessableEntity},
	"mfa.ErrRequired":               {mfa.ErrRequired, http.StatusForbidden},
	"mfa.ErrNotAllowed":             {mfa.ErrNotAllowed, http.StatusForbidden},
	"mfa.ErrNotFound":               {mfa.ErrNotFound, http.StatusNotFound},
	"mfa.ErrNoKeys":                 {mfa.ErrNoKeys, http.StatusInternalServerError},
	"module.ErrNotFound":            {module.ErrNotFound, http.StatusNotFound},
	"practice.ErrForbidden":         {practice.ErrForbidden, http.StatusForbidden},
	"practice.ErrNotFound":          {practice.ErrNotFound, http.StatusNotFound},
	"program.ErrNotFound":           {program.ErrNotFound, http.StatusNotFound},
	"reference.ErrInvalid":          {reference.ErrInvalid, http.StatusUnprocessableEntity},
	"reference.ErrInvalidDOI":       {reference.ErrInvalidDOI, http.StatusUnprocessableEntity},
	"reminder.ErrNotFound":          {reminder.ErrNotFound, http.StatusNotFound},
	"safety.ErrForbidden":           {safety.ErrForbidden, http.StatusForbidden},
	"seal.ErrOpen":                  {seal.ErrOpen, http.StatusInternalServerError},
	"seal.ErrUnknownKey":            {seal.ErrUnknownKey, http.StatusInternalServerError},
	"seal.ErrFormat":                {seal.ErrFormat, http.StatusInternalServerError},
	"worksheet.ErrNotFound":         {worksheet.ErrNotFound, http.StatusNotFound},
}

// validationErrors is one value of every domain ValidationError type, keyed
// "package.ValidationError".
var validationErrors = map[string]fielderr.Error{
	"account.ValidationError":    &account.ValidationError{Fields: map[string]string{"f": "m"}},
	"assignment.ValidationError": &assignment.ValidationError{Fields: map[string]string{"f": "m"}},
	"breakglass.ValidationError": &breakglass.ValidationError{Fields: map[string]string{"f": "m"}},
	"client.ValidationError":     &client.ValidationError{Fields: map[string]string{"f": "m"}},
	"couple.ValidationError":     &couple.ValidationError{Fields: map[string]string{"f": "m"}},
	"module.ValidationError":     &module.ValidationError{Fields: map[string]string{"f": "m"}},
	"practice.ValidationError":   &practice.ValidationError{Fields: map[string]string{"f": "m"}},
	"program.ValidationError":    &program.ValidationError{Fields: map[string]string{"f": "m"}},
	"safety.ValidationError":     &safety.ValidationError{Fields: map[string]string{"f": "m"}},
	"worksheet.ValidationError":  &worksheet.ValidationError{Fields: map[string]string{"f": "m"}},
}

// domainDecls parses every non-test Go file of internal/* (but web itself)
// and returns the exported package-level Err... vars and the types whose
// name ends in ValidationError, each as "package.Name".
func domainDecls(t *testing.T) (errs, verrTypes []string) {
	t.Helper()
	dirs, err := filepath.Glob("../../*")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, dir := range dirs {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() || filepath.Base(dir) == "web" {
			continue
		}
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			af, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatalf("parse %s: %v", f, err)
			}
			pkg := af.Name.Name
			for _, d := range af.Decls {
				gd, ok := d.(*ast.GenDecl)
				if !ok {
					continue
				}
				for _, sp := range gd.Specs {
					switch sp := sp.(type) {
					case *ast.ValueSpec:
						if gd.Tok != token.VAR {
							continue
						}
						for _, n := range sp.Names {
							if n.IsExported() && strings.HasPrefix(n.Name, "Err") {
								errs = append(errs, pkg+"."+n.Name)
							}
						}
					case *ast.TypeSpec:
						if sp.Name.IsExported() && strings.HasSuffix(sp.Name.Name, "ValidationError") {
							verrTypes = append(verrTypes, pkg+"."+sp.Name.Name)
						}
					}
				}
			}
		}
	}
	slices.Sort(errs)
	slices.Sort(verrTypes)
	return errs, verrTypes
}

// TestErrorTable_EverySentinel walks internal/* for exported Err... vars and
// proves each one (bare and wrapped) answers its intended status through
// the one error table, and that every ValidationError answers 422.
func TestErrorTable_EverySentinel(t *testing.T) {
	t.Parallel()
	errs, verrTypes := domainDecls(t)
	if len(errs) < 30 {
		t.Fatalf("found only %d Err vars; is the walk looking in internal/?", len(errs))
	}
	for _, name := range errs {
		want, ok := intendedStatus[name]
		if !ok {
			t.Errorf("%s is exported but has no intended status: add it to errorTable (errors.go) and intendedStatus here", name)
			continue
		}
		inTable := slices.ContainsFunc(errorTable, func(r errorRule) bool { return r.err == want.err })
		if !inTable {
			t.Errorf("%s is missing from errorTable", name)
		}
		for _, err := range []error{want.err, fmt.Errorf("doing a thing: %w", want.err)} {
			if got := classify(err).status; got != want.status {
				t.Errorf("classify(%s) = %d, want %d (err %q)", name, got, want.status, err)
			}
		}
	}
	for name := range intendedStatus {
		if !slices.Contains(errs, name) {
			t.Errorf("intendedStatus lists %s, which the walk did not find", name)
		}
	}
	for _, name := range verrTypes {
		v, ok := validationErrors[name]
		if !ok {
			t.Errorf("%s has no value in validationErrors; make it a fielderr.Error and list it", name)
			continue
		}
		a := classify(fmt.Errorf("saving: %w", v))
		if a.status != http.StatusUnprocessableEntity || a.fields["f"] != "m" {
			t.Errorf("classify(%s) = %d %v, want 422 with its fields", name, a.status, a.fields)
		}
	}
	if len(verrTypes) != len(validationErrors) {
		t.Errorf("walk found ValidationError types %v, test lists %d", verrTypes, len(validationErrors))
	}
}

// TestErrorTable_NonSentinels covers the answers that are not a sentinel.
func TestErrorTable_NonSentinels(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		err  error
		want int
	}{
		{"body too large", fmt.Errorf("reading: %w", &http.MaxBytesError{Limit: 1}), http.StatusRequestEntityTooLarge},
		{"caller went away", fmt.Errorf("query: %w", context.Canceled), statusClientClosed},
		{"anything else", fmt.Errorf("boom"), http.StatusInternalServerError},
	}
	for _, tc := range cases {
		if got := classify(tc.err).status; got != tc.want {
			t.Errorf("%s: classify = %d, want %d", tc.name, got, tc.want)
		}
	}
	for _, r := range errorTable {
		if r.err == nil || r.status < 400 {
			t.Errorf("errorTable line %+v has no error or no error status", r)
		}
	}
}
