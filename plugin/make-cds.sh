#!/usr/bin/env bash
# Writes BUNDLE/auralise.jsa, a class-data-sharing archive of the bundle's jars for the JDK that
# `java` runs (the shim passes it to the JVM it starts; a JVM that cannot use it ignores it silently).
# The archive records the jars' absolute paths: run this again wherever the bundle is installed.
#   plugin/make-cds.sh [BUNDLE]   (default plugin/target/auralise.lv2)
set -euo pipefail
bundle="$(cd "${1:-$(dirname "$0")/target/auralise.lv2}" && pwd -P)"
# The same class path, in the same order, as the shim builds (sorted jar names).
cp=$(find "$bundle/jars" -maxdepth 1 -name '*.jar' | LC_ALL=C sort | tr '\n' ':' | sed 's/:$//')
rm -f "$bundle/auralise.jsa"
# The collector must be the shim's (ZGC): it decides the compressed-oops mode the archive records.
# No warm-up in this JVM: on OpenJDK 17.0.15 an archive dumped at the exit of a JVM that had rendered
# (the renderer's jar, 3 min of audio) made later JVMs using it render 4-6x slower; one dumped after
# loading classes only did not (measured 2026-12-02; the plugin's archive: DSP cost within noise).
AURALISE_WARMUP_BG_MS=0 AURALISE_WARMUP_MS=0 java -XX:ArchiveClassesAtExit="$bundle/auralise.jsa" -XX:+UseZGC \
  -Xlog:cds=off -Xlog:cds+dynamic=off -cp "$cp" com.auralise.plugin.CdsTraining
echo "wrote $bundle/auralise.jsa ($(du -h "$bundle/auralise.jsa" | cut -f1))"
