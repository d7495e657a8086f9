#!/usr/bin/env bash
# Regenerates app/fonts/noto-sans-arabic-400-subset.woff2 from @fontsource/noto-sans-arabic (SIL Open Font License 1.1).
# The @fontsource "arabic" file (48.8 KB) covers every Arabic-script language (Persian, Urdu, Sindhi extensions,
# presentation forms); Tamkeen's Arabic and darija use the letters below, which gives 10 KB. Keep RANGES in step with the
# unicode-range of the @font-face in app/styles/app.css; a character outside it is drawn by the phone's own font.
# Needs fontTools with brotli (Debian: apt-get install python3-fonttools python3-brotli). Run: bash scripts/subset-fonts.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RANGES="U+060C,U+061B,U+061F,U+0621-063A,U+0640-0655,U+0660-066D,U+0670-0671,U+067E,U+0686,U+06A4,U+06AF,U+06CC,U+200C-200F"
PY=python3
/usr/bin/python3 -c "import fontTools, brotli" 2>/dev/null && PY=/usr/bin/python3
"$PY" -m fontTools.subset node_modules/@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-400-normal.woff2 \
  --unicodes="$RANGES" --layout-features='*' --flavor=woff2 --output-file=app/fonts/noto-sans-arabic-400-subset.woff2
ls -l app/fonts/noto-sans-arabic-400-subset.woff2
