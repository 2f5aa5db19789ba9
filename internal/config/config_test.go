package config

import (
	"encoding/base64"
	"strings"
	"testing"
)

func TestValidate_SMTP(t *testing.T) {
	base := Config{Env: EnvLocal, DatabaseURL: "postgres://x", BaseURL: "http://127.0.0.1:8080", Paper: "A4", DBMaxConns: 16,
		SessionKey: base64.StdEncoding.EncodeToString(make([]byte, 32)), SMTPFrom: "no-reply@localhost"}
	tests := []struct {
		addr, from, wantErr string
	}{
		{"", "no-reply@localhost", ""}, // no server: the outbox
		{"smtp.example.org:587", "tend@example.org", ""},
		{"smtp.example.org", "tend@example.org", "TEND_SMTP_ADDR must be host:port"},
		{":25", "tend@example.org", "TEND_SMTP_ADDR must be host:port"},
		{"smtp.example.org:587", "not an address", "TEND_SMTP_FROM must be an email address"},
	}
	for _, tt := range tests {
		c := base
		c.SMTPAddr, c.SMTPFrom = tt.addr, tt.from
		err := c.Validate()
		if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("SMTP %q from %q: %v, want %q", tt.addr, tt.from, err, tt.wantErr)
		}
	}
}
