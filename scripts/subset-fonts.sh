#!/usr/bin/env bash
# Rebuilds internal/handout/fonts/*.ttf: DejaVu Sans 2.37, subset to the
# scripts printouts draw (see internal/handout/fonts/README.md). gofpdf walks
# every glyph of an embedded font for each PDF it writes, so a smaller font
# is a faster printout. Needs pyftsubset (Debian: apt-get install fonttools)
# and the full fonts (Debian: fonts-dejavu-core and fonts-dejavu-extra).
#
#   bash scripts/subset-fonts.sh [/usr/share/fonts/truetype/dejavu]
set -euo pipefail
cd "$(dirname "$0")/.."
src=${1:-/usr/share/fonts/truetype/dejavu}
command -v pyftsubset >/dev/null || { echo "pyftsubset is missing: apt-get install fonttools" >&2; exit 1; }
# Latin (with Extended A/B, modifiers, combining marks and Extended
# Additional), Greek, Cyrillic, punctuation, super- and subscripts, currency,
# letterlike symbols, number forms, arrows, minus, circled numbers,
# geometric shapes (the placeholder box), the fi/fl ligatures, U+FFFD.
ranges="U+0000-024F,U+02B0-02FF,U+0300-036F,U+0370-03FF,U+0400-04FF,U+1E00-1EFF,U+2000-206F,U+2070-209F,U+20A0-20CF,U+2100-214F,U+2150-218F,U+2190-21FF,U+2212,U+2460-24FF,U+25A0-25FF,U+FB00-FB06,U+FFFD"
for face in DejaVuSans DejaVuSans-Bold DejaVuSans-Oblique DejaVuSans-BoldOblique; do
	pyftsubset "$src/$face.ttf" --unicodes="$ranges" --layout-features='' --no-hinting \
		--name-IDs='*' --name-languages='*' --notdef-outline \
		--output-file="internal/handout/fonts/$face.ttf"
done
ls -l internal/handout/fonts/*.ttf
