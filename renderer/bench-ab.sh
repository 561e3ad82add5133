#!/usr/bin/env bash
# Side-by-side render timing of two commits, interleaved in one run (this machine is noisy):
# builds the renderer jar of OLD in a temporary git worktree, makes a 3-minute 44.1 kHz stereo song
# (the demo's SoundFont clip, three times), then renders it ROUNDS times with each jar alternately.
# Prints process CPU (user+sys: JVM start, JIT, decode, filter, encode) and wall time per render.
# Usage: renderer/bench-ab.sh OLD_COMMIT [LAYER] [ROUNDS]      (NEW = the working tree's renderer jar)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
old=${1:?usage: bench-ab.sh OLD_COMMIT [LAYER] [ROUNDS]}
layer=${2:-2}
rounds=${3:-3}
work=$(mktemp -d)
cleanup() { git -C "$root" worktree remove --force "$work/old" > /dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
[ -f "$here/target/auralise.jar" ] || (cd "$root" && mvn -B -q -pl renderer -am -DskipTests package)
cp "$here/target/auralise.jar" "$work/new.jar"
git -C "$root" worktree add -q --detach "$work/old" "$old"
(cd "$work/old" && mvn -B -q -o -pl renderer -am -DskipTests package)
cp "$work/old/renderer/target/auralise.jar" "$work/old.jar"
java -jar "$work/new.jar" demo "$work/demo" --seconds 60 --force > /dev/null
sox "$work/demo/demo-clip.wav" "$work/demo/demo-clip.wav" "$work/demo/demo-clip.wav" "$work/song.wav"
echo "# $(date -u +%FT%TZ) old $(git -C "$root" rev-parse --short "$old") vs new $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet || echo +changes); 180 s song, layer $layer; load $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq "$rounds"); do
  for v in old new; do
    /usr/bin/time -f "$v: cpu %U+%S s, wall %e s" java -jar "$work/$v.jar" render "$work/song.wav" -o "$work/out-$v.wav" \
      --layer "$layer" --feature 0 --force > /dev/null 2> "$work/time"
    tail -1 "$work/time"
  done
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
