package seal

import (
	"fmt"
	"time"
)

// sessionCodec is the codec interface of alexedwards/scs, spelled out here
// so this package needs nothing but the standard library.
type sessionCodec interface {
	Encode(deadline time.Time, values map[string]interface{}) ([]byte, error)
	Decode(b []byte) (time.Time, map[string]interface{}, error)
}

// sessionRecord names every session blob. The token is not known to a
// codec; a blob moved to another token row is no worse than a forged row,
// which needs the same database access.
const sessionRecord = "sessions"

// SessionCodec seals the session data scs stores in PostgreSQL. A session
// can hold a worksheet form the client typed while signed out (kept for
// them until they sign in again), so it is reflection text at rest.
// Blobs from before sealing (plain gob) still decode, so deploying this
// signs no one out.
type SessionCodec struct {
	Inner sessionCodec
	Keys  *Keyring
}

// Encode implements scs.Codec.
func (c SessionCodec) Encode(deadline time.Time, values map[string]interface{}) ([]byte, error) {
	b, err := c.Inner.Encode(deadline, values)
	if err != nil {
		return nil, err
	}
	return c.Keys.Seal(b, sessionRecord)
}

// Decode implements scs.Codec.
func (c SessionCodec) Decode(b []byte) (time.Time, map[string]interface{}, error) {
	if _, err := KeyID(b); err != nil {
		return c.Inner.Decode(b) // written before sessions were sealed
	}
	plain, err := c.Keys.Open(b, sessionRecord)
	if err != nil {
		return time.Time{}, nil, fmt.Errorf("session: %w", err)
	}
	return c.Inner.Decode(plain)
}
