package web

import "github.com/tend-practice/tend/internal/i18n"

// testEN is the English Localizer for the internal tests of text built in Go.
var testEN = func() *i18n.Localizer {
	b, err := i18n.New(i18n.Options{})
	if err != nil {
		panic(err)
	}
	return b.For(i18n.English)
}()
