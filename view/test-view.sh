#!/usr/bin/env bash
# build.sh test: 40
# Runs the view's tests on a virtual display (Xvfb + Mesa llvmpipe): the picture test needs a real
# OpenGL context, so this script provides one. Exits non-zero on any failure.
# Usage: view/test-view.sh [extra mvn args]      (from anywhere; needs xvfb, xauth, libgl1-mesa-dri)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
# Mesa's software renderer, whatever GPU the machine may have: results must not depend on it.
export LIBGL_ALWAYS_SOFTWARE=1
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
png="$here/target/view-test.png"
rm -f "$png"
# package = compile, the view's tests (the picture test needs the display), then target/lib for the
# live test. The core comes from the reactor (-am; a fresh machine has nothing installed), its tests
# already ran in `mvn verify`.
(cd "$root" && xvfb-run -a -s "-screen 0 1920x1080x24" \
  mvn -B -pl view -am package -Dtest='com/auralise/view/**' -Dsurefire.failIfNoSpecifiedTests=false "$@")
if [[ ! -s "$png" ]]; then
  echo "test-view.sh: $png was not written" >&2
  exit 1
fi
# The live app against a private JACK server (dummy backend), unless jackd is missing or skipped.
if [[ -z "${AURALISE_SKIP_LIVE:-}" ]] && command -v jackd >/dev/null; then
  "$here/test-live.sh" 4 studio
  "$here/test-live.sh" 4 live
fi
echo "test-view.sh: OK (frame kept at $png)"
