package worksheet

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/tend-practice/tend/internal/worksheet/builtin"
)

// Builtins parses every worksheet Tend ships with, ordered by slug. A file
// must be named after its slug, so a slug can be found without parsing every
// file and two files cannot claim the same slug.
func Builtins() ([]Schema, error) { return builtinSchemas(builtin.FS) }

func builtinSchemas(fsys fs.FS) ([]Schema, error) {
	files, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, fmt.Errorf("worksheet: list builtins: %w", err)
	}
	schemas := make([]Schema, 0, len(files))
	for _, name := range files {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("worksheet: read builtin %s: %w", name, err)
		}
		s, err := Parse(data)
		if err != nil {
			return nil, fmt.Errorf("worksheet: builtin %s: %w", name, err)
		}
		if want := strings.TrimSuffix(path.Base(name), ".json"); s.Slug != want {
			return nil, fmt.Errorf("worksheet: builtin %s: slug %q does not match the file name", name, s.Slug)
		}
		schemas = append(schemas, s)
	}
	return schemas, nil
}
