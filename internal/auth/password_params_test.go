package auth

import (
	"context"
	"strings"
	"testing"
)

// A running Tend hashes with OWASP's parameters; tests may choose cheaper
// ones, and any Hasher verifies a hash made with either, because the hash
// carries its own parameters. The dummy hash an unknown email is checked
// against always has the Hasher's own parameters (equal work).
func TestHasher_ParamsInTheHash(t *testing.T) {
	ctx := context.Background()
	real, cheap := NewHasher(1), NewHasherWith(1, TestParams)
	if real.Params() != (Params{Time: 2, MemoryKiB: 19456, Threads: 1}) {
		t.Fatalf("NewHasher params = %+v, want OWASP's 19 MiB, 2 passes, 1 lane", real.Params())
	}
	for _, c := range []struct {
		h    *Hasher
		want string
	}{{real, "$m=19456,t=2,p=1$"}, {cheap, "$m=8,t=1,p=1$"}} {
		enc, err := c.h.Hash(ctx, "correct horse battery")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(enc, c.want) || !strings.Contains(c.h.Dummy(), c.want) {
			t.Errorf("hash %q / dummy %q: want parameters %s", enc, c.h.Dummy(), c.want)
		}
		for _, v := range []*Hasher{real, cheap} {
			if ok, err := v.Verify(ctx, "correct horse battery", enc); err != nil || !ok {
				t.Errorf("verify %s with %+v: ok=%v err=%v", c.want, v.Params(), ok, err)
			}
			if ok, _ := v.Verify(ctx, "wrong horse battery", enc); ok {
				t.Errorf("a wrong password matched %s", c.want)
			}
		}
		if ok, _ := c.h.Verify(ctx, "correct horse battery", c.h.Dummy()); ok {
			t.Error("the dummy hash matched a password")
		}
	}
	if got := real.Derivations(); got != 6 { // its hash, 4 verifications of the two hashes, the dummy check
		t.Errorf("derivations = %d, want 6 (making the dummy is not counted)", got)
	}
}
