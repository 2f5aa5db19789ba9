#!/usr/bin/env bash
# Installs what the browser tests in internal/e2e need besides Go:
#   - axe-core (pinned) into the git-ignored .cache/e2e/node_modules, with npm;
#   - with --browser, Debian's chromium too (root and apt-get only; CI uses it).
# Safe to run again: it does nothing when everything is already there.
# The e2e tests call this script themselves when axe-core is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

AXE_VERSION=4.14.1
PREFIX=.cache/e2e
AXE_JS="$PREFIX/node_modules/axe-core/axe.min.js"

want_browser=false
for arg in "$@"; do
	case "$arg" in
	--browser) want_browser=true ;;
	-h | --help)
		echo "usage: $0 [--browser]   (installs axe-core $AXE_VERSION; --browser also installs chromium with apt-get)"
		exit 0
		;;
	*)
		echo "unknown argument: $arg" >&2
		exit 2
		;;
	esac
done

installed_axe_version() {
	[ -s "$AXE_JS" ] || return 1
	sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$PREFIX/node_modules/axe-core/package.json" | head -n1
}

if [ "$(installed_axe_version || true)" != "$AXE_VERSION" ]; then
	if ! command -v npm >/dev/null 2>&1; then
		cat >&2 <<'MSG'
npm is not installed, so axe-core cannot be installed for the accessibility checks.
  Debian/Ubuntu:  sudo apt-get install -y npm
  macOS:          brew install node
MSG
		exit 1
	fi
	echo "Installing axe-core $AXE_VERSION into $PREFIX ..." >&2
	mkdir -p "$PREFIX"
	npm install --prefix "$PREFIX" "axe-core@$AXE_VERSION" --no-audit --no-fund --no-save --loglevel=error >&2
	[ -s "$AXE_JS" ] || { echo "npm finished but $AXE_JS is missing" >&2; exit 1; }
fi

if $want_browser; then
	found=""
	for b in chromium chromium-browser google-chrome google-chrome-stable headless-shell; do
		if command -v "$b" >/dev/null 2>&1; then found=$(command -v "$b"); break; fi
	done
	if [ -z "$found" ]; then
		if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
			echo "Installing Debian's chromium ..." >&2
			apt-get update -qq >&2
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
		else
			cat >&2 <<'MSG'
No Chromium found. Install it, then run this again:
  Debian/Ubuntu:  sudo apt-get install -y chromium
  macOS:          brew install --cask chromium   (or set TEND_CHROMIUM to a Chrome binary)
MSG
			exit 1
		fi
	fi
fi
