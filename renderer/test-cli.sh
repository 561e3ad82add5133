#!/usr/bin/env bash
# build.sh test: 30
# End-to-end check of the installed-style command (bin/auralise -> target/auralise.jar) as a user
# runs it, with files made by sox; run by ./build.sh test after the Maven tests.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
au="$here/bin/auralise"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "test-cli: FAIL: $*" >&2; exit 1; }
expect() { local want=$1; shift; set +e; "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?; set -e
  [ "$got" = "$want" ] || { cat "$tmp/err" >&2; fail "exit $got (want $want): $*"; }; }

[ -f "$here/target/auralise.jar" ] || fail "build first: mvn -pl renderer -am -DskipTests package"
expect 0 "$au" --version
expect 0 "$au" render --help
expect 2 "$au"
expect 2 "$au" render
expect 0 "$au" live --help
grep -q "usage: auralise live" "$tmp/out" || fail "live --help prints its usage"
expect 2 "$au" live --mode nope
grep -q "mode must be studio or live" "$tmp/err" || fail "live: bad mode explained"
expect 3 "$au" info "$tmp/no-such-model.zip"
expect 0 "$au" random-model "$tmp/m.zip"
expect 0 "$au" info "$tmp/m.zip"
grep -q "LATENCY" "$tmp/out" || fail "info prints latency"

sox -n -r 44100 -c 2 -b 16 "$tmp/a.wav" synth 2 sine 220 sine 330
sox -n -r 48000 -c 1 -b 24 "$tmp/b.flac" synth 1 square 110
sox -n -r 22050 -c 2 "$tmp/c.ogg" synth 1.5 sine 440
mkdir "$tmp/in" && cp "$tmp/a.wav" "$tmp/b.flac" "$tmp/c.ogg" "$tmp/in/"
echo "not audio" > "$tmp/in/bad.wav"
expect 1 "$au" render "$tmp/in" -o "$tmp/out1" -m "$tmp/m.zip" --filter kick
grep -q "bad.wav: unsupported format" "$tmp/err" || fail "bad file reported"
for f in a b c; do [ -f "$tmp/out1/$f.wav" ] || fail "$f.wav missing"; done
[ "$(soxi -s "$tmp/out1/a.wav")" = 88200 ] || fail "length of a.wav"
[ "$(soxi -s "$tmp/out1/b.wav")" = 48000 ] || fail "length of b.wav"
[ "$(soxi -r "$tmp/out1/b.wav")" = 48000 ] || fail "rate of b.wav"
[ "$(soxi -s "$tmp/out1/c.wav")" = "$(soxi -s "$tmp/c.ogg")" ] || fail "length of c.wav"
# mix 0 is the aligned dry signal: the difference to the input must be silence.
expect 0 "$au" render "$tmp/a.wav" -o "$tmp/dry.wav" -m "$tmp/m.zip" -l 2 -k 0 --mix 0
peak=$(sox -m "$tmp/a.wav" -v -1 "$tmp/dry.wav" -n stat 2>&1 | awk '/Maximum amplitude/ {print $3}')
[ "$peak" = "0.000000" ] || fail "dry render not aligned (peak difference $peak)"
expect 1 "$au" render "$tmp/a.wav" -o "$tmp/dry.wav" -m "$tmp/m.zip" -l 2 -k 0
grep -q "output exists" "$tmp/err" || fail "overwrite refused"
expect 0 "$au" stems "$tmp/b.flac" -o "$tmp/stems" -m "$tmp/m.zip" --format flac
[ "$(ls "$tmp/stems" | wc -l)" = 4 ] || fail "4 stems"
[ "$(soxi -s "$tmp/stems/kick-selector.flac")" = 48000 ] || fail "stem length"
expect 0 "$au" events --help
sox -n -r 44100 -c 1 "$tmp/clicks.wav" synth 0.01 whitenoise pad 0.49 repeat 5
expect 0 "$au" events "$tmp/clicks.wav" -o "$tmp/ev.txt" --format both -m "$tmp/m.zip" --filter kick
[ -s "$tmp/ev.txt" ] && [ -s "$tmp/ev.mid" ] || fail "events: text and MIDI written"
expect 1 "$au" events "$tmp/clicks.wav" -o "$tmp/ev.txt" -m "$tmp/m.zip" --filter kick
grep -q "output exists" "$tmp/err" || fail "events: overwrite refused"
expect 2 "$au" events "$tmp/clicks.wav" -o "$tmp/ev2" --format wav -m "$tmp/m.zip"
expect 0 "$au" random-model "$tmp/m4.zip" --channels-per-layer 4
expect 0 "$au" explore "$tmp/a.wav" -o "$tmp/report" -m "$tmp/m4.zip" --seconds 1 --top 2
grep -q "<h2>Layer 5</h2>" "$tmp/report/index.html" || fail "explore report"
[ "$(soxi -s "$tmp/report/audio/clip.wav")" = 44100 ] || fail "explore clip"
ls -a "$tmp"/out1 "$tmp"/stems | grep -q '\.part$' && fail "temporary files left"
# `auralise batch` is the batch module's program, reached through this launcher: same bytes as render.
if [ -f "$here/../batch/target/auralise-batch.jar" ]; then
  expect 1 "$au" batch "$tmp/in" -o "$tmp/batch" -m "$tmp/m.zip" --filter kick -j 2
  grep -q "3 rendered, 0 up to date, 1 failed" "$tmp/err" || { cat "$tmp/err" >&2; fail "batch summary"; }
  for f in a b c; do cmp -s "$tmp/out1/$f.wav" "$tmp/batch/$f.wav" || fail "batch $f.wav differs from render's"; done
  expect 1 "$au" batch "$tmp/in" -o "$tmp/batch" -m "$tmp/m.zip" --filter kick -j 2
  grep -q "0 rendered, 3 up to date, 1 failed" "$tmp/err" || fail "batch rerun skips what is up to date"
else
  echo "test-cli: batch module not built: auralise batch not checked"
fi
echo "test-cli: all CLI checks passed"
