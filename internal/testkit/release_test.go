package testkit_test

import (
	"runtime"
	"testing"
	"weak"

	"github.com/tend-practice/tend/internal/app"
	"github.com/tend-practice/tend/internal/testkit"
)

// The testing package keeps each parallel test, with the functions given to
// its Cleanup, until the whole package has run. A kit's cleanups must not
// keep its app (templates in three languages, fonts, catalogues: about 7 MB)
// alive after the test: internal/web runs hundreds of kits, and under the
// race detector the kept apps filled the machine's memory (CI run of stop
// 25). The subtest's T is kept here as the testing package keeps it.
func TestKit_AppIsCollectedOnceItsTestHasEnded(t *testing.T) {
	var kept testing.TB
	var app weak.Pointer[app.App]
	t.Run("kit", func(t *testing.T) {
		kept = t
		k := testkit.New(t, testkit.WithoutLibrary())
		k.Server()
		app = weak.Make(k.App)
	})
	for range 3 {
		runtime.GC()
	}
	if app.Value() != nil {
		t.Fatal("the app is still reachable after its test ended (a cleanup keeps it)")
	}
	runtime.KeepAlive(kept)
}
