#!/usr/bin/env bash
# Throughput of `auralise batch` on the DirectRunner against the plain `auralise render -j N` on the
# same files, in one run, alternately (render, batch, render, batch, ...) so that the machine's load
# hits both alike. Not a unit test: docs/BENCHMARKS.md quotes its output.
#   batch/bench-batch.sh [FILES] [SECONDS] [ROUNDS] [JOBS] [FILTER]   (defaults: 50 10 2 2 kick)
# Needs the built commands (mvn -B -pl batch -am -DskipTests package) and sox.
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-50}; secs=${2:-10}; rounds=${3:-2}; jobs=${4:-2}; filter=${5:-kick}
work=$(mktemp -d /tmp/auralise-bench-batch.XXXXXX)
trap 'rm -rf "$work"' EXIT
auralise=renderer/bin/auralise
mkdir -p "$work/in"
# 44.1 kHz stereo 16-bit: a chord, a click train and a little noise, a different pitch per file.
for i in $(seq 1 "$files"); do
  f=$((80 + i * 7))
  sox -n -r 44100 -c 2 -b 16 "$work/in/track$(printf %03d "$i").wav" synth "$secs" sine "$f" sine $((f * 3)) pinknoise \
      synth "$secs" pluck $((f * 2)) vol 0.3 2>/dev/null
done
audio=$((files * secs))
echo "== $files files x $secs s (44.1 kHz stereo), filter '$filter', -j $jobs, $rounds rounds; $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
# t CMD...: runs CMD (exit 0 or 1 = some tracks failed), prints "wall cpu" seconds (cpu = user + sys of the JVM).
t() { /usr/bin/time -f '%e %U %S' -o "$work/time" "$@" >/dev/null 2>"$work/last.err" || { [ $? = 1 ] || { cat "$work/last.err" >&2; exit 1; }; }
      awk '{printf "%s %.2f\n", $1, $2 + $3}' "$work/time"; }
render_total=0; batch_total=0; render_cpu=0; batch_cpu=0
for r in $(seq 1 "$rounds"); do
  rm -rf "$work/render" "$work/batch"
  read -r tr cr < <(t "$auralise" render "$work/in" -o "$work/render" --filter "$filter" -j "$jobs")
  read -r tb cb < <(t "$auralise" batch "$work/in" -o "$work/batch" --filter "$filter" -j "$jobs")
  render_total=$(echo "$render_total + $tr" | bc); batch_total=$(echo "$batch_total + $tb" | bc)
  render_cpu=$(echo "$render_cpu + $cr" | bc); batch_cpu=$(echo "$batch_cpu + $cb" | bc)
  printf 'round %d: render -j %d %.1f s (%.0f tracks/min, %.1fx real time; %.1f CPU s) | batch (DirectRunner) %.1f s (%.0f tracks/min, %.1fx real time; %.1f CPU s)\n' \
    "$r" "$jobs" "$tr" "$(echo "$files * 60 / $tr" | bc -l)" "$(echo "$audio / $tr" | bc -l)" "$cr" \
    "$tb" "$(echo "$files * 60 / $tb" | bc -l)" "$(echo "$audio / $tb" | bc -l)" "$cb"
done
same=0
for f in "$work"/render/*.wav; do cmp -s "$f" "$work/batch/$(basename "$f")" && same=$((same + 1)); done
printf 'total: render %.1f s (%.1f CPU s), batch %.1f s (%.1f CPU s); batch/render throughput ratio %.2f (wall), %.2f (CPU); identical outputs: %d of %d\n' \
  "$render_total" "$render_cpu" "$batch_total" "$batch_cpu" "$(echo "$render_total / $batch_total" | bc -l)" \
  "$(echo "$render_cpu / $batch_cpu" | bc -l)" "$same" "$files"
tail -1 "$work/last.err"
# The rerun with everything up to date: what checking 50 sidecars costs.
read -r tb cb < <(t "$auralise" batch "$work/in" -o "$work/batch" --filter "$filter" -j "$jobs")
printf 'rerun, all up to date (the job'"'"'s fixed cost: JVM, Beam, model, 50 sidecars): %.1f s (%.1f CPU s)\n' "$tb" "$cb"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
