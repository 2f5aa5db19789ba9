// Package config holds Tend's run-time configuration, read from the environment.
package config

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/tend-practice/tend/internal/seal"
)

// Env names the deployment mode.
type Env string

const (
	EnvLocal      Env = "local"
	EnvProduction Env = "production"
)

// Config is everything the server needs to start. Load fills it from the
// environment; nothing else in Tend reads environment variables.
type Config struct {
	Env         Env
	DatabaseURL string
	ListenAddr  string
	BaseURL     string
	SessionKey  string // 32+ bytes, base64; seals reflections at rest (key id 0) unless DataKeys are listed
	// DataKeys is TEND_DATA_KEYS: "id:base64key,..." newest first (ids 1-255,
	// keys of 32+ random bytes). The first seals new reflections; every one
	// listed, and the key from SessionKey, still opens what it sealed. To
	// rotate: put a new entry first, restart, run `tend rotate-keys`, then
	// drop the old entry. Empty: reflections are sealed with SessionKey.
	DataKeys       string
	Demo           bool
	PracticeName   string
	AutoMigrate    bool     // apply pending migrations on serve
	TrustedProxies []string // CIDRs or IPs whose X-Forwarded-For is believed
	DBMaxConns     int
	Paper          string // A4 or Letter
	SMTPAddr       string // host:port; empty means notifications stay on screen
	SMTPFrom       string
	SMTPUser       string
	SMTPPassword   string
	ShutdownGrace  time.Duration
	LogLevel       string
	// Workers runs the job queue's workers inside `tend serve`
	// (TEND_WORKERS, default true). Set it false on web processes when
	// `tend worker` runs elsewhere.
	Workers bool
	// TickEvery is how often the schedule's tick runs (TEND_TICK_EVERY,
	// default 1m): programs, weekly copies, reminders, digests.
	TickEvery time.Duration
	// DemoClock (TEND_DEMO_CLOCK) turns on the demo clock hook
	// (POST /demo/clock) for browser journeys. Only with TEND_DEMO=true and
	// never in production: it moves time for the whole process.
	DemoClock bool
	// PseudoLocale (TEND_PSEUDO_LOCALE) wraps every catalogue string as
	// "[!...!]", so a test or a crawl finds text that did not come from the
	// catalogues (issue 22). Never for real use.
	PseudoLocale bool
}

// Load reads the environment and applies safe local defaults.
func Load() (Config, error) {
	c := Config{
		Env:           Env(get("TEND_ENV", string(EnvLocal))),
		DatabaseURL:   get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tend?sslmode=disable"),
		ListenAddr:    get("TEND_LISTEN", "127.0.0.1:8080"),
		BaseURL:       get("TEND_BASE_URL", ""),
		SessionKey:    os.Getenv("TEND_SESSION_KEY"),
		DataKeys:      os.Getenv("TEND_DATA_KEYS"),
		PracticeName:  get("TEND_PRACTICE_NAME", "Tend Practice"),
		Paper:         get("TEND_PAPER", "A4"),
		SMTPAddr:      os.Getenv("TEND_SMTP_ADDR"),
		SMTPFrom:      get("TEND_SMTP_FROM", "no-reply@localhost"),
		SMTPUser:      os.Getenv("TEND_SMTP_USER"),
		SMTPPassword:  os.Getenv("TEND_SMTP_PASSWORD"),
		ShutdownGrace: 10 * time.Second,
		LogLevel:      get("TEND_LOG_LEVEL", "info"),
	}
	var err error
	if c.Demo, err = getBool("TEND_DEMO", false); err != nil {
		return c, err
	}
	if c.AutoMigrate, err = getBool("TEND_AUTO_MIGRATE", c.Env == EnvLocal); err != nil {
		return c, err
	}
	if c.Workers, err = getBool("TEND_WORKERS", true); err != nil {
		return c, err
	}
	if c.DemoClock, err = getBool("TEND_DEMO_CLOCK", false); err != nil {
		return c, err
	}
	if c.PseudoLocale, err = getBool("TEND_PSEUDO_LOCALE", false); err != nil {
		return c, err
	}
	c.TickEvery = time.Minute
	if v := os.Getenv("TEND_TICK_EVERY"); v != "" {
		if c.TickEvery, err = time.ParseDuration(v); err != nil {
			return c, fmt.Errorf("TEND_TICK_EVERY: %w", err)
		}
	}
	if c.DBMaxConns, err = getInt("TEND_DB_MAX_CONNS", 16); err != nil {
		return c, err
	}
	if v := os.Getenv("TEND_TRUSTED_PROXIES"); v != "" {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				c.TrustedProxies = append(c.TrustedProxies, p)
			}
		}
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.ListenAddr
	}
	if c.SessionKey == "" && c.Env != EnvProduction {
		// A local run keeps a key of its own in the user's config directory:
		// reflections are sealed with it, and a new key on every start would
		// leave the previous run's demo data unreadable.
		c.SessionKey = localKey()
	}
	return c, c.Validate()
}

// Validate refuses configurations that would be unsafe to serve.
func (c Config) Validate() error {
	var problems []string
	switch c.Env {
	case EnvLocal, EnvProduction:
	default:
		problems = append(problems, fmt.Sprintf("TEND_ENV must be local or production, not %q", c.Env))
	}
	if c.DatabaseURL == "" {
		problems = append(problems, "DATABASE_URL is required")
	}
	if key, err := base64.StdEncoding.DecodeString(c.SessionKey); err != nil || len(key) < 32 {
		problems = append(problems, "TEND_SESSION_KEY must be at least 32 random bytes, base64-encoded (generate one with: openssl rand -base64 32)")
	}
	if _, err := seal.ParseKeys(c.DataKeys); err != nil {
		problems = append(problems, "TEND_DATA_KEYS: "+err.Error())
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		problems = append(problems, fmt.Sprintf("TEND_BASE_URL must be an absolute http(s) URL, not %q", c.BaseURL))
	}
	if c.Env == EnvProduction {
		if c.Demo {
			problems = append(problems, "TEND_DEMO cannot be set in production")
		}
		if !strings.HasPrefix(c.BaseURL, "https://") {
			problems = append(problems, "TEND_BASE_URL must be https in production")
		}
	}
	if c.SMTPAddr != "" {
		if host, port, err := net.SplitHostPort(c.SMTPAddr); err != nil || host == "" || port == "" {
			problems = append(problems, fmt.Sprintf("TEND_SMTP_ADDR must be host:port, for example smtp.example.org:587, not %q", c.SMTPAddr))
		}
		if _, err := mail.ParseAddress(c.SMTPFrom); err != nil {
			problems = append(problems, fmt.Sprintf("TEND_SMTP_FROM must be an email address, not %q", c.SMTPFrom))
		}
	}
	if c.DemoClock && (!c.Demo || c.Env == EnvProduction) {
		problems = append(problems, "TEND_DEMO_CLOCK needs TEND_DEMO=true and is refused in production")
	}
	if c.TickEvery != 0 && (c.TickEvery < time.Second || c.TickEvery > time.Hour) {
		problems = append(problems, "TEND_TICK_EVERY must be between 1s and 1h")
	}
	if c.Paper != "A4" && c.Paper != "Letter" {
		problems = append(problems, "TEND_PAPER must be A4 or Letter")
	}
	if c.DBMaxConns < 2 || c.DBMaxConns > 200 {
		problems = append(problems, "TEND_DB_MAX_CONNS must be between 2 and 200")
	}
	if len(problems) > 0 {
		return errors.New("configuration: " + strings.Join(problems, "; "))
	}
	return nil
}

// SecureCookies reports whether cookies must carry the Secure flag.
func (c Config) SecureCookies() bool { return strings.HasPrefix(c.BaseURL, "https://") }

// Key returns the decoded session key.
func (c Config) Key() []byte {
	k, _ := base64.StdEncoding.DecodeString(c.SessionKey)
	return k
}

func get(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func getBool(name string, def bool) (bool, error) {
	v := os.Getenv(name)
	if v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return def, fmt.Errorf("configuration: %s must be true or false, not %q", name, v)
	}
	return b, nil
}

func getInt(name string, def int) (int, error) {
	v := os.Getenv(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return def, fmt.Errorf("configuration: %s must be a whole number, not %q", name, v)
	}
	return n, nil
}

func randomKey() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

// localKey reads the local-run key from <user config dir>/tend/local-session-key,
// creating it (mode 0600) on first use. Without a usable config directory it
// falls back to a key for this process only.
func localKey() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return randomKey()
	}
	path := filepath.Clean(filepath.Join(dir, "tend", "local-session-key"))
	read := func() string {
		b, err := os.ReadFile(path)
		if err != nil {
			return ""
		}
		return strings.TrimSpace(string(b))
	}
	if k := read(); k != "" {
		return k
	}
	k := randomKey()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return k
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if other := read(); other != "" { // another process created it first
			return other
		}
		return k
	}
	defer f.Close()
	if _, err := f.WriteString(k + "\n"); err != nil {
		return k
	}
	return k
}
