#!/usr/bin/env bash
# Make sure Debian's chromium is installed for the browser tests (tests/web/test_browser.py).
# Playwright's own browser download is never used: the tests drive /usr/bin/chromium.
# Prints the browser's path; exits non-zero (with a reason on stderr) if it cannot be installed.
set -euo pipefail
CHROMIUM="${IMNM_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
    echo "$CHROMIUM"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-chromium: $CHROMIUM is missing and apt-get is not available to install it" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo -n"
    else
        echo "ensure-chromium: $CHROMIUM is missing and installing it needs root (apt-get install chromium)" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq --no-install-recommends chromium >&2
if [ ! -x "$CHROMIUM" ]; then
    echo "ensure-chromium: apt-get finished but $CHROMIUM is still missing" >&2
    exit 1
fi
echo "$CHROMIUM"
