// Package cleanup registers test cleanups that let go of what they hold once
// they have run.
//
// The testing package keeps every parallel test (and the functions given to
// its Cleanup, in the backing array of its cleanup slice) until the whole
// package has run. A cleanup that closes a server or a database therefore
// keeps the server, its handler and the app behind it alive for the rest of
// the run: about 7 MB a test, many gigabytes for internal/web under the race
// detector. Register drops its function after calling it, so what the
// function captured can be collected as soon as the test ends.
package cleanup

import "testing"

// Register is t.Cleanup(fn) that forgets fn once it has run.
func Register(t testing.TB, fn func()) {
	t.Helper()
	box := &fn
	t.Cleanup(func() {
		f := *box
		*box = nil
		f()
	})
}
