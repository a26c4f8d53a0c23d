#!/usr/bin/env bash
# Install the Debian packages the tests need: Chromium (driven by Playwright), a Chinese
# font for screenshots and PDFs, and Pango (WeasyPrint's text layout, for the PDF reports). Idempotent; needs root (apt-get).
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "WenQuanYi Micro Hei" || need+=(fonts-wqy-microhei)
ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0" || need+=(libpango-1.0-0 libpangoft2-1.0-0)
# `system-deps.sh bench` also installs the HTTP load generator used by bench/http_load.py.
if [ "${1:-}" = "bench" ]; then command -v wrk >/dev/null 2>&1 || need+=(wrk); fi
if [ ${#need[@]} -eq 0 ]; then
  echo "system-deps: all present"
  exit 0
fi
echo "system-deps: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" fontconfig >/dev/null
