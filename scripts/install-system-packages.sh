#!/usr/bin/env bash
# Installs the Debian packages the tests use, if missing: real SMTP software that produces real
# transcripts, logs and bounces (swaks, Exim), Sisimai, the reference bounce classifier, and the log
# summarizers `smtp-lens report` is compared with (pflogsumm; eximstats comes with exim4-base).
set -euo pipefail
packages=(swaks exim4-daemon-light exim4-base libsisimai-perl pflogsumm)
need=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if ((${#need[@]} == 0)); then exit 0; fi
if [[ $(id -u) != 0 ]]; then
  # The tests that need them say so and skip; CI runs as root and installs them.
  echo "note: missing Debian packages: ${need[*]} (as root: apt-get install ${need[*]}); tests that use them will be skipped" >&2
  exit 0
fi
echo "installing Debian packages: ${need[*]}" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
