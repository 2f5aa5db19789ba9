package handout

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"unsafe"

	"github.com/jung-kurt/gofpdf"
)

// Font parsing is most of the cost of a gofpdf document: for each UTF-8 font,
// AddUTF8FontFromBytes parses the TrueType tables into a 64K-entry width table
// and then hashes the whole definition through encoding/json to make a font
// ID. For our four faces that is about 6 ms per handout, every time, for the
// same four byte slices.
//
// gofpdf has no public way to share a parsed font between documents, and its
// JSON/Z font files (AddFontFromBytes) only support 8-bit encodings, which
// would lose Greek and most of what clients type. So fontCache parses the
// faces once into a prototype document and copies the parsed definitions into
// each new document's font table through reflection. What a document changes
// while it is written (the set of used runes, the parser's read position and
// the subsetting state, all reassigned rather than mutated in place by gofpdf
// v1.16.2) gets a fresh copy per document; the parsed tables are shared
// read-only. The result is byte-for-byte the PDF the plain path makes (see
// TestFontCache_SameBytesAsPlainPath).
//
// Each document also gets its own copy of the font bytes: when gofpdf
// subsets a font it pads tables by appending to slices of the font file, which
// writes into the bytes that follow them. With a shared slice that is a data
// race between concurrent handouts (the race detector found it), so no
// document ever writes to bytes another can see.
//
// gofpdf is archived, so these internals will not move under v1.16.2. If a
// fork changes them, newFontCache notices and falls back to parsing per
// document: slower, never wrong.
type fontCache struct {
	book   *fontBook
	cached bool
	defs   [numStyles]reflect.Value // gofpdf's fontDefType, parsed once
	keys   [numStyles]reflect.Value
}

func newFontCache(book *fontBook, enable bool) (*fontCache, error) {
	fc := &fontCache{book: book}
	if !enable {
		return fc, nil
	}
	proto := gofpdf.New("P", "mm", "A4", "")
	for s := style(0); s < numStyles; s++ {
		proto.AddUTF8FontFromBytes(fontFamily, s.gofpdfStyle(), book.faces[s].ttf)
	}
	if err := proto.Error(); err != nil {
		return nil, fmt.Errorf("load fonts: %w", err)
	}
	if err := fc.capture(proto); err != nil {
		// Not the gofpdf we know: parse per document instead.
		return fc, nil
	}
	fc.cached = true
	return fc, nil
}

var errFontInternals = errors.New("gofpdf font internals changed")

// exposed makes an unexported field of an addressable struct usable.
func exposed(v reflect.Value) reflect.Value {
	return reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
}

func fontsMap(pdf *gofpdf.Fpdf) (reflect.Value, error) {
	v := reflect.ValueOf(pdf).Elem().FieldByName("fonts")
	if !v.IsValid() || v.Kind() != reflect.Map || v.Type().Key().Kind() != reflect.String {
		return reflect.Value{}, errFontInternals
	}
	return exposed(v), nil
}

// capture checks the shape of gofpdf's font definition and keeps the parsed
// definitions of the prototype.
func (fc *fontCache) capture(proto *gofpdf.Fpdf) error {
	fonts, err := fontsMap(proto)
	if err != nil {
		return err
	}
	for s := style(0); s < numStyles; s++ {
		key := reflect.ValueOf(fontFamily + s.gofpdfStyle())
		def := fonts.MapIndex(key)
		if !def.IsValid() || def.Kind() != reflect.Struct {
			return errFontInternals
		}
		runes := def.FieldByName("usedRunes")
		file := def.FieldByName("utf8File")
		if !runes.IsValid() || runes.Type() != reflect.TypeOf(map[int]int(nil)) ||
			!file.IsValid() || file.Kind() != reflect.Pointer || file.IsNil() {
			return errFontInternals
		}
		reader := file.Elem().FieldByName("fileReader")
		if !reader.IsValid() || reader.Kind() != reflect.Pointer || reader.IsNil() {
			return errFontInternals
		}
		pos := reader.Elem().FieldByName("readerPosition")
		arr := reader.Elem().FieldByName("array")
		if !pos.IsValid() || pos.Kind() != reflect.Int64 || !arr.IsValid() || arr.Type() != reflect.TypeOf([]byte(nil)) {
			return errFontInternals
		}
		fc.defs[s] = def
		fc.keys[s] = key
	}
	return nil
}

// install adds the faces a document uses to pdf.
func (fc *fontCache) install(pdf *gofpdf.Fpdf, used [numStyles]bool) error {
	if !fc.cached {
		for s := style(0); s < numStyles; s++ {
			if used[s] {
				pdf.AddUTF8FontFromBytes(fontFamily, s.gofpdfStyle(), bytes.Clone(fc.book.faces[s].ttf))
			}
		}
		return pdf.Error()
	}
	fonts, err := fontsMap(pdf)
	if err != nil {
		return err
	}
	for s := style(0); s < numStyles; s++ {
		if !used[s] {
			continue
		}
		proto := fc.defs[s]
		def := reflect.New(proto.Type()).Elem()
		def.Set(proto)

		// The runes a document uses: a fresh copy of gofpdf's starting set.
		runes := exposed(def.FieldByName("usedRunes"))
		fresh := reflect.MakeMapWithSize(runes.Type(), runes.Len())
		iter := runes.MapRange()
		for iter.Next() {
			fresh.SetMapIndex(iter.Key(), iter.Value())
		}
		runes.Set(fresh)

		// The subsetter's state and read position: a shallow copy per
		// document; gofpdf replaces (never edits) its maps when subsetting.
		file := exposed(def.FieldByName("utf8File"))
		fileCopy := reflect.New(file.Type().Elem())
		fileCopy.Elem().Set(file.Elem())
		reader := exposed(fileCopy.Elem().FieldByName("fileReader"))
		readerCopy := reflect.New(reader.Type().Elem())
		readerCopy.Elem().Set(reader.Elem())
		exposed(readerCopy.Elem().FieldByName("readerPosition")).SetInt(0)
		exposed(readerCopy.Elem().FieldByName("array")).SetBytes(bytes.Clone(fc.book.faces[s].ttf))
		reader.Set(readerCopy)
		file.Set(fileCopy)

		fonts.SetMapIndex(fc.keys[s], def)
	}
	return nil
}
