package config

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"
)

func TestValidate_DemoClockOnlyInDemoRunsNeverInProduction(t *testing.T) {
	base := Config{Env: EnvLocal, DatabaseURL: "postgres://x", BaseURL: "http://127.0.0.1:8080", Paper: "A4", DBMaxConns: 8,
		SessionKey: base64.StdEncoding.EncodeToString(make([]byte, 32)), TickEvery: time.Minute}
	cases := map[string]struct {
		edit func(*Config)
		ok   bool
	}{
		"off":                {func(*Config) {}, true},
		"demo with clock":    {func(c *Config) { c.Demo, c.DemoClock = true, true }, true},
		"clock without demo": {func(c *Config) { c.DemoClock = true }, false},
		"clock in production": {func(c *Config) {
			c.Env, c.BaseURL, c.Demo, c.DemoClock = EnvProduction, "https://tend.example", true, true
		}, false},
		"tick too often": {func(c *Config) { c.TickEvery = time.Millisecond }, false},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c := base
			tc.edit(&c)
			err := c.Validate()
			if (err == nil) != tc.ok {
				t.Fatalf("Validate() = %v, want ok=%v", err, tc.ok)
			}
			if err != nil && name != "tick too often" && !strings.Contains(err.Error(), "TEND_DEMO_CLOCK") {
				t.Fatalf("error does not name TEND_DEMO_CLOCK: %v", err)
			}
		})
	}
}
