package testkit

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
)

// Response is what a Browser got back: status, headers and the whole body.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       string
}

// Browser is one person's cookie jar against a test server. It never
// follows redirects, so tests see each 303, and it reports failures to T.
type Browser struct {
	T      testing.TB
	URL    string // the server's base URL
	Client *http.Client
}

// NewBrowser is a browser with no cookies yet for the server at url.
func NewBrowser(t testing.TB, url string) *Browser {
	jar, _ := cookiejar.New(nil)
	return &Browser{T: t, URL: url, Client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// SignIn is a browser signed in as email with Password.
func SignIn(t testing.TB, url, email string) *Browser {
	t.Helper()
	b := NewBrowser(t, url)
	res := b.Post("/login", map[string][]string{"email": {email}, "password": {Password}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in %s: status %d: %s", email, res.StatusCode, res.Body)
	}
	return b
}

// Do sends req with the browser's cookies and reads the whole answer.
func (b *Browser) Do(req *http.Request) Response {
	b.T.Helper()
	res, err := b.Client.Do(req)
	if err != nil {
		b.T.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return Response{StatusCode: res.StatusCode, Header: res.Header, Body: string(body)}
}

// Get requests path.
func (b *Browser) Get(path string) Response {
	b.T.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.URL+path, nil)
	return b.Do(req)
}

// Post sends form to path the way a same-origin browser form does.
func (b *Browser) Post(path string, form url.Values) Response {
	b.T.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.Do(req)
}

// API sends a JSON request the way a non-browser client does (no Origin,
// no Sec-Fetch-Site). An empty body sends none.
func (b *Browser) API(method, path, body string) Response {
	b.T.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, b.URL+path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	return b.Do(req)
}
