#!/usr/bin/env bash
# Runs `auralise live` against a private JACK server (dummy backend) for a few seconds, with the view
# on a virtual display, feeding a 440 Hz tone; fails if the client reports callback errors,
# non-finite output, no callbacks, or exits non-zero. Usage: view/test-live.sh [seconds] [mode]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
secs="${1:-6}"
mode="${2:-studio}"
export JACK_DEFAULT_SERVER="auralise-view-test-$$"
export LIBGL_ALWAYS_SOFTWARE=1
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
[[ -d "$here/target/lib" ]] || (cd "$here/.." && mvn -B -q -pl view -am -DskipTests package)

jackd --no-realtime -n "$JACK_DEFAULT_SERVER" -d dummy -r 48000 -p 256 >"$here/target/jackd.log" 2>&1 &
jack_pid=$!
trap 'kill $jack_pid 2>/dev/null || true; wait $jack_pid 2>/dev/null || true' EXIT
sleep 1.5
kill -0 $jack_pid || { echo "test-live.sh: jackd did not start:"; cat "$here/target/jackd.log"; exit 1; }

log="$here/target/live-$mode.log"
# The user's command, `auralise live`, when the renderer's jar is built; else the view's own launcher.
live=("$here/bin/auralise-live")
if [[ -f "$here/../renderer/target/auralise.jar" ]]; then
  live=("$here/../renderer/bin/auralise" live)
fi
echo "test-live.sh: ${live[*]}"
AURALISE_NATIVES="$here/target/lwjgl-natives" JAVA_OPTS="-Dorg.lwjgl.system.SharedLibraryExtractPath=$here/target/lwjgl-natives" \
  xvfb-run -a -s "-screen 0 1920x1080x24" \
  "${live[@]}" --synthetic --mode "$mode" --tone 440 --seconds "$secs" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if grep -qE "Exception|Error" "$log"; then
  echo "test-live.sh: exception in the log" >&2
  exit 1
fi
grep -q "errors 0, non-finite 0" "$log" || { echo "test-live.sh: bad statistics" >&2; exit 1; }
[[ $status -eq 0 ]] || { echo "test-live.sh: exit $status" >&2; exit $status; }
echo "test-live.sh: OK ($mode, $secs s)"
