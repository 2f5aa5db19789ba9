package e2e

import (
	"context"
	"os"
	"path/filepath"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/tend-practice/tend/internal/account"
	"github.com/tend-practice/tend/internal/auth"
)

// More harness: the clipboard, cropped screenshots, named staff accounts.

// allowClipboard lets pages on this site read and write this person's
// clipboard (copy buttons), without a permission prompt.
func (b *browser) allowClipboard() {
	b.t.Helper()
	c := chromedp.FromContext(b.ctx)
	ctx, cancel := b.timeout()
	defer cancel()
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		_, err := chromedp.CallBrowser(ctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
			Permission: &cdpbrowser.PermissionDescriptor{Name: name}, Setting: cdpbrowser.PermissionSettingGranted,
			Origin: b.base, BrowserContextID: c.BrowserContextID})
		if err != nil {
			b.fatalf("allow %s: %v", name, err)
		}
	}
}

// clipboard is the text on this person's clipboard (after allowClipboard).
func (b *browser) clipboard() string {
	b.t.Helper()
	return evalIn[string](b, `navigator.clipboard.readText()`)
}

// viewportOnly asks docsScreenshot for what the screen shows now (after a
// scroll), not the page from its top.
const viewportOnly = -1

// screenshotViewport writes what the browser's screen shows now to
// screenshots/<name>-<size>.png and returns the path.
func (b *browser) screenshotViewport(name string) string {
	b.t.Helper()
	path := filepath.Join(repoRoot(b.t), "screenshots", name+"-"+b.size.Name+".png")
	ctx, cancel := b.timeout()
	defer cancel()
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err == nil {
		err = os.MkdirAll(filepath.Dir(path), 0o755)
	}
	if err == nil {
		err = os.WriteFile(path, shot, 0o644)
	}
	if err != nil {
		b.fatalf("screenshot %s: %v", name, err)
	}
	return path
}

// screenshotTop writes the top of the page, at most height CSS pixels
// tall, to screenshots/<name>-<size>.png and returns the path: for long
// pages where the first screens are what matters.
func (b *browser) screenshotTop(name string, height int) string {
	b.t.Helper()
	path := filepath.Join(repoRoot(b.t), "screenshots", name+"-"+b.size.Name+".png")
	ctx, cancel := b.timeout()
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](settleJS, chromedp.EvalAwaitPromise)); err != nil {
		b.fatalf("screenshot %s: %v", name, err)
	}
	m, err := chromedp.Call(ctx, page.GetLayoutMetrics, cdp.Empty{})
	if err != nil {
		b.fatalf("screenshot %s: %v", name, err)
	}
	h := float64(height)
	if m.CSSContentSize != nil {
		h = min(h, m.CSSContentSize.Height)
	}
	shot, err := chromedp.Call(ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{
		Format: page.CaptureScreenshotFormatPng, CaptureBeyondViewport: ptr(true), FromSurface: ptr(true),
		Clip: &page.Viewport{Width: float64(b.size.Width), Height: h, Scale: 1},
	})
	if err == nil {
		err = os.MkdirAll(filepath.Dir(path), 0o755)
	}
	if err == nil {
		err = os.WriteFile(path, shot.Data, 0o644)
	}
	if err != nil {
		b.fatalf("screenshot %s: %v", name, err)
	}
	return path
}

// staff creates an active admin or clinician account with testPassword and
// a display name, and returns it as an actor for arranging data.
func (s *site) staff(role auth.Role, email, name string) auth.Actor {
	s.t.Helper()
	u, err := s.App.Accounts.Create(context.Background(), auth.Actor{}, account.NewUser{
		Email: email, DisplayName: name, Role: role, Password: testPassword})
	if err != nil {
		s.t.Fatalf("arrange: create %s %s: %v", role, email, err)
	}
	return auth.Actor{UserID: u.ID, Role: u.Role, Email: u.Email, DisplayName: u.DisplayName}
}
