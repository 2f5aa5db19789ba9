package handout

import (
	"io"
	"testing"
)

// BenchmarkModuleHandout renders the 3-page fixture module. The
// "fonts=parsed-per-doc" case is what a handout costs without the font cache
// (gofpdf's plain AddUTF8FontFromBytes for every document).
func BenchmarkModuleHandout(b *testing.B) {
	in := fixtureModule(b)
	benchWithAndWithoutFontCache(b, func(r *Renderer) error { return r.Module(io.Discard, in) })
}

func BenchmarkCompletedWorksheet(b *testing.B) {
	in := completedWorksheet()
	benchWithAndWithoutFontCache(b, func(r *Renderer) error { return r.Worksheet(io.Discard, in) })
}

func benchWithAndWithoutFontCache(b *testing.B, render func(*Renderer) error) {
	for _, bc := range []struct {
		name  string
		cache bool
	}{{"fonts=cached", true}, {"fonts=parsed-per-doc", false}} {
		b.Run(bc.name, func(b *testing.B) {
			r, err := newRenderer(bc.cache)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := render(r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkModuleLayout is the share of the work that is ours: Markdown,
// line breaking and pagination, without gofpdf.
func BenchmarkModuleLayout(b *testing.B) {
	in := fixtureModule(b)
	r := renderer(b)
	b.ReportAllocs()
	for b.Loop() {
		_ = r.layoutModule(in)
	}
}

func BenchmarkNewRenderer(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewRenderer(); err != nil {
			b.Fatal(err)
		}
	}
}
