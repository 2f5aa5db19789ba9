// Package e2e holds Tend's browser tests: the real server (internal/app on a
// fresh PostgreSQL database) driven by headless Chromium through chromedp.
// Everything lives in _test.go files; see README.md for how to add a journey.
package e2e
