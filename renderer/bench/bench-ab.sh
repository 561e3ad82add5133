#!/usr/bin/env bash
# Render speed of an older commit against the working tree, interleaved in one run (this machine is
# noisy): builds the renderer jar of OLD in a temporary git worktree, then
#  1. renders a 3-minute 44.1 kHz stereo song (the demo's SoundFont clip, three times) with each jar in
#     turn, ROUNDS times: process CPU (user+sys: JVM start, model load, JIT, decode, filter, encode) and
#     wall time, and the largest difference between the two renders;
#  2. the filter's steady state at LAYER (SteadyState.java: x real time per core, thread CPU time, after
#     a warm-up round), old and new in turn, 2 x ROUNDS pairs, each in a fresh JVM: a one-file render is
#     dominated by the JVM's fixed costs. Both runs of a pair are pinned to the same CPU (pairs alternate
#     CPUs): on this VM one vCPU is at times 20-25 % slower than the other for tens of seconds, and a
#     thread stays on its CPU, so an unpinned JVM's speed can stay that far off for its whole life.
# Usage: renderer/bench/bench-ab.sh OLD_COMMIT [LAYER] [ROUNDS]      (NEW = the working tree's renderer jar)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
old=${1:?usage: bench-ab.sh OLD_COMMIT [LAYER] [ROUNDS]}
layer=${2:-2}
rounds=${3:-3}
work=$(mktemp -d)
cleanup() { git -C "$root" worktree remove --force "$work/old" > /dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
jar="$root/renderer/target/auralise.jar"
[ -f "$jar" ] || (cd "$root" && mvn -B -q -pl renderer -am -DskipTests package)
cp "$jar" "$work/new.jar"
git -C "$root" worktree add -q --detach "$work/old" "$old"
(cd "$work/old" && mvn -B -q -o -pl renderer -am -DskipTests package)
cp "$work/old/renderer/target/auralise.jar" "$work/old.jar"
java -jar "$work/new.jar" demo "$work/demo" --seconds 60 --force > /dev/null 2>&1
sox "$work/demo/demo-clip.wav" "$work/demo/demo-clip.wav" "$work/demo/demo-clip.wav" "$work/song.wav"
echo "# $(date -u +%FT%TZ) old $(git -C "$root" rev-parse --short "$old") vs new $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet -- shared renderer || echo +changes); layer $layer; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== 1. one render of a 180 s song, whole process"
for _ in $(seq "$rounds"); do
  for v in old new; do
    /usr/bin/time -f "$v: cpu %U+%S s, wall %e s" java -jar "$work/$v.jar" render "$work/song.wav" -o "$work/out-$v.wav" \
      --layer "$layer" --feature 0 --force > /dev/null 2> "$work/time"
    tail -1 "$work/time"
  done
done
echo "max abs difference of the two renders (32-bit float WAV): $(sox -m -v 1 "$work/out-old.wav" -v -1 "$work/out-new.wav" -n stat 2>&1 | awk '/Maximum amplitude/ {print $3; exit}')"
echo "== 2. the filter's steady state at layer $layer (x real time per core; median of 3 rounds of 300 s per JVM)"
for pair in $(seq 0 $((2 * rounds - 1))); do
  cpu=$((pair % $(nproc)))
  for v in old new; do
    echo "$v $(taskset -c "$cpu" java -cp "$work/$v.jar" "$here/SteadyState.java" "$layer" 300) (CPU $cpu)"
  done
done | tee "$work/steady"
for v in old new; do
  echo "$v sorted: $(grep "^$v " "$work/steady" | cut -d' ' -f2 | sort -g | tr '\n' ' ')"
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
