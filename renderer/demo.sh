#!/usr/bin/env bash
# The demo behind ./build.sh demo: a 12 s clip rendered from a Debian General MIDI SoundFont
# (fluid-soundfont-gm), split into the default model's stems, and its exploration report.
# Usage: renderer/demo.sh [OUT_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="${1:-demo-output}"
if [ ! -f "$here/target/auralise.jar" ]; then
  (cd "$here/.." && mvn -B -q -pl renderer -am -DskipTests package)
fi
"$here/bin/auralise" demo "$out" --force
if "$here/bin/auralise" explore --help >/dev/null 2>&1; then
  "$here/bin/auralise" explore "$out/demo-clip.wav" -o "$out/report" --seconds 6 --force
fi
echo "listen: $out/demo-clip.wav and $out/stems/*.wav; open $out/report/index.html"
