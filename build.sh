#!/usr/bin/env bash
# One entry point for set-up, build, demo and tests. Installs what it needs (Debian packages,
# Maven dependencies) on a fresh machine; safe to run again.
#   ./build.sh demo   build everything, render the demo with the default model (the README's main command)
#   ./build.sh test   build everything and run every test (what CI runs)
#   ./build.sh train  retrain the shipped models, their catalogue and docs/QUALITY.md
#   ./build.sh bench  run the benchmarks (docs/BENCHMARKS.md says how to read them)
#   ./build.sh deps   only install the Debian packages
set -euo pipefail
cd "$(dirname "$0")"

APT_PACKAGES=(
  openjdk-17-jdk-headless maven gcc make pkg-config
  lv2-dev liblilv-dev lilv-utils jalv jackd2 sordi  # LV2 bridge and the real hosts it is tested in
  ardour                                           # headless Ardour (ardour7-lua): session save/reopen test
  xvfb xauth libgl1-mesa-dri xdotool x11-utils    # OpenGL view under Xvfb with Mesa; clicks and window checks
  fluid-soundfont-gm timgm6mb-soundfont hydrogen-drumkits  # SoundFonts and drum kits: training data, demo
  openttd-openmsx planetblupi-music-midi           # General MIDI songs: training excerpts (MidiClips)
  aubio-tools sox                                  # onset baseline for the quality report; audio checks
  chromium                                         # exploration report tests
)

deps() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "== installing Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

mvn_() { mvn -B -q "$@"; }

case "${1:-}" in
  deps)
    deps ;;
  test)
    deps
    echo "== unit and integration tests (Maven)"
    mvn -B verify
    # Host test scripts say so on their second line, "# build.sh test: ORDER [VAR=VALUE...]": run in
    # that order with that environment (test-ui.sh: SKIP_BUILD=1, it reuses test-hosts.sh's bundle).
    while read -r order script envs; do
      echo "== $script (order $order)"
      env $envs "./$script"
    done < <(grep -H -m1 '^# build.sh test: ' */test-*.sh | sed -E 's/^([^:]+):# build.sh test: ([0-9]+) *(.*)$/\2 \1 \3/' | sort -n)
    echo "== all tests passed" ;;
  bench)
    # JMH and whole-job timings; raw output goes to docs/bench/ (see docs/BENCHMARKS.md).
    mvn_ -DskipTests install
    mkdir -p docs/bench
    cp_="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
    echo "$(date -u +%FT%TZ) before ./build.sh bench: $(uptime)" > docs/bench/load.txt
    OMP_NUM_THREADS=1 java -cp "$cp_" org.openjdk.jmh.Main ConvKernelBench -wi 3 -i 5 | tee docs/bench/conv-kernel.txt
    java -cp "$cp_" com.auralise.bench.AllocationCount | tee docs/bench/allocation.txt
    java -cp "$cp_" org.openjdk.jmh.Main FeatureFilterBench -wi 2 -i 3 | tee docs/bench/feature-filter.txt
    java -cp "$cp_" com.auralise.bench.OfflineDeconvolutionTiming 3 | tee docs/bench/offline-deconvolution.txt
    echo "$(date -u +%FT%TZ) after: $(uptime)" >> docs/bench/load.txt ;;
  train)
    # Retrain the shipped models, name their features, write docs/QUALITY.md (trainer/README.md).
    deps
    mvn_ -DskipTests install
    trainer/train-default.sh "${@:2}" ;;
  demo)
    deps
    echo "== building"
    mvn_ -DskipTests install
    if [ -x renderer/demo.sh ]; then
      renderer/demo.sh "${2:-demo-output}"
    else
      echo "renderer/demo.sh is missing: the renderer is not built yet" >&2
      exit 1
    fi ;;
  *)
    echo "usage: $0 demo|test|train|bench|deps" >&2
    exit 2 ;;
esac
