# Sourced by test-hosts.sh and test-ui.sh (which define fail, pids and cleanup): a private JACK
# server on the dummy backend, and xrun counts judged against the machine's own.
#
# Why a baseline: on a VM the dummy backend xruns by itself. Measured 2026-12-02 on an idle 2-core VM,
# 30 s each in jalv: the pure-C gain plugin (native/cgain.c) 2-13 xrun lines, jack_metro alone 5. So an
# xrun count is compared with the same host running cgain for as long, just before; the JVM's own
# pauses (the failure a Java plugin can add: collector pauses) are checked directly from its safepoint log.

jack_start() { # log: jackd on a private server name, 48 kHz, 256-frame periods (5.3 ms)
  export JACK_DEFAULT_SERVER="auralise-test-$$" JACK_NO_AUDIO_RESERVATION=1
  jackd -n "$JACK_DEFAULT_SERVER" -d dummy -r 48000 -p 256 > "$1" 2>&1 & pids+=($!)
  for _ in $(seq 50); do jack_lsp > /dev/null 2>&1 && return 0; sleep 0.2; done
  cat "$1"; fail "jackd did not start"
}

jack_xruns() { # log: xrun lines jackd has logged so far (its own shutdown excluded)
  sed '/caught signal/,$d' "$1" | grep -ciE "xrun|not finished|timed out" || true
}

machine_xruns() { # log secs: xruns of jalv running the pure-C gain plugin for secs, fed by jack_metro
  local x0 jl mp
  LV2_PATH="$target/native:$LV2_PATH" jalv -n base -c gain=0.5 http://auralise.org/plugins/bench-cgain \
    < <(sleep "$(( $2 + 4 ))") > "$work/jalv-baseline.log" 2>&1 & jl=$!
  for _ in $(seq 50); do jack_lsp 2>/dev/null | grep -q "^base:in" && break; sleep 0.2; done
  jack_metro -b 240 -n base-metro > /dev/null 2>&1 & mp=$!
  sleep 1
  jack_connect base-metro:240_bpm base:in || fail "cannot connect the baseline's ports"
  sleep 2
  x0=$(jack_xruns "$1")
  sleep "$2"
  echo $(( $(jack_xruns "$1") - x0 ))
  kill "$mp" "$jl" 2>/dev/null || true
  wait "$mp" "$jl" 2>/dev/null || true
}

xrun_allowance() { # baseline: most xruns a plugin may show over the same time. The machine's counts
  # swing with a Poisson-like spread (2-13 per 30 s); a plugin that misses real time misses every
  # block (about 190 per second), and the JVM's pauses are checked separately. STRICT_XRUNS=1: none.
  if [ "${STRICT_XRUNS:-0}" = 1 ]; then echo 0; else echo $(( 3 * $1 + 20 )); fi
}

longest_safepoint_ms() { # safepoint log (-Xlog:safepoint): the longest pause, in ms
  local ns
  ns=$(grep -o 'Total: [0-9]*' "$1" 2>/dev/null | awk '{print $2}' | sort -n | tail -1)
  awk -v n="${ns:-0}" 'BEGIN{printf "%.2f", n/1e6}'
}
