#!/usr/bin/env bash
# Builds plugin/target/auralise.lv2: the native shim, the TTL (generated from the model catalogue) and
# the jars (core, its runtime dependencies, the plugin's Java side). Usage:
#   plugin/build-bundle.sh            (MVN_ARGS="-o" to stay offline; BUNDLE_MODEL=... for the TTL)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
bundle="$here/target/auralise.lv2"

# Tests are compiled but not run here: the view module's test scope needs the core's test jar from the
# reactor (maven.test.skip would not build it, and a fresh machine has none installed).
(cd "$root" && mvn -B -q ${MVN_ARGS:-} -pl plugin -am -DskipTests package)

rm -rf "$bundle"
mkdir -p "$bundle/jars"
cp "$here"/target/bundle-jars/*.jar "$bundle/jars/"
cp "$here"/target/auralise-plugin-*.jar "$bundle/jars/"
if ls "$bundle"/jars/ | grep -qiE 'deeplearning4j|nd4j'; then
  echo "build-bundle: DL4J/ND4J must not be in the bundle" >&2
  exit 1
fi
if ls "$bundle"/jars/ | grep -qiE 'jnajack|^jna-|natives'; then
  echo "build-bundle: JNA/JNAJack and LWJGL natives jars do not belong in jars/" >&2
  exit 1
fi
# LWJGL's native libraries (the UI's window and OpenGL), unpacked now so that nothing is extracted at
# run time: the UI points org.lwjgl.librarypath at natives/.
mkdir -p "$bundle/natives" "$here/target/natives-tmp"
for j in "$here"/target/bundle-natives/*.jar; do
  (cd "$here/target/natives-tmp" && jar xf "$j" linux)
done
find "$here/target/natives-tmp/linux" -name '*.so' -exec cp {} "$bundle/natives/" \;
rm -rf "$here/target/natives-tmp"
[ -f "$bundle/natives/liblwjgl.so" ] && [ -f "$bundle/natives/libglfw.so" ] \
  || { echo "build-bundle: LWJGL natives missing" >&2; exit 1; }
java -cp "$bundle/jars/*" com.auralise.plugin.TtlGenerator "$bundle" "${BUNDLE_MODEL:-default}" "${BUNDLE_LIVE_MODEL:-live}"
# LV2 presets from the project's preset files (the core's Lv2Presets; skipped while no model is embedded).
if [ -d "$root/presets" ]; then
  java -cp "$bundle/jars/*" com.auralise.preset.Lv2Presets "$bundle" "$root/presets" "${BUNDLE_MODEL:-default}"
fi
make -s -C "$here/native" BUNDLE="$bundle"
"$here/make-cds.sh" "$bundle"
echo "built $bundle ($(du -sh "$bundle" | cut -f1))"
