#!/usr/bin/env bash
# Install the Debian packages Leitai's tests and documents need, when they are missing:
# Chromium (browser tests), Noto CJK fonts (PDF notices), gettext (message catalogues),
# Redis (the shared cache's tests on Redis).
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep "Noto Sans CJK" >/dev/null || need+=(fonts-noto-cjk)  # no -q: pipefail
command -v msgfmt >/dev/null || need+=(gettext)
command -v pdftotext >/dev/null || need+=(poppler-utils)  # notice PDF tests: pdftotext, pdftoppm
command -v redis-server >/dev/null || need+=(redis-server)
[ ${#need[@]} -eq 0 ] && exit 0
echo "Installing system packages: ${need[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
