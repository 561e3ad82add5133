# Shared by install.sh and build-deb.sh (sourced, not run): building the parts, staging the files
# both install, finding a Java runtime. Everything installed comes from one staging tree, so the
# user install and the .deb hold the same bytes.

installer_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root_dir="$(dirname "$installer_dir")"
stage_dir=""   # set by stage_tree: a fresh folder per run, so two installs at once cannot mix files

log() { echo "auralise-installer: $*" >&2; }
die() { echo "auralise-installer: error: $*" >&2; exit 1; }

# The version without Maven's -SNAPSHOT (Debian versions may not contain '-' without a revision).
project_version() {
  # The project's own <version> is the one indented by two spaces (a direct child of <project>).
  sed -n 's:^  <version>\(.*\)</version>.*:\1:p' "$root_dir/pom.xml" | head -1 | sed 's/-SNAPSHOT/~snapshot/'
}

# Builds the LV2 bundle and the command's jar when they are missing (or when REBUILD=1).
build_parts() {
  local bundle="$root_dir/plugin/target/auralise.lv2" jar="$root_dir/renderer/target/auralise.jar"
  if [ "${REBUILD:-0}" = 1 ] || [ ! -f "$bundle/auralise_lv2.so" ] || [ ! -f "$bundle/manifest.ttl" ]; then
    log "building the LV2 bundle (plugin/build-bundle.sh)"
    "$root_dir/plugin/build-bundle.sh" >&2
  fi
  if [ "${REBUILD:-0}" = 1 ] || [ ! -f "$jar" ]; then
    log "building the auralise command (renderer)"
    (cd "$root_dir" && mvn -B -q ${MVN_ARGS:-} -pl renderer -am -DskipTests package) >&2
  fi
  [ -f "$bundle/auralise_lv2.so" ] || die "no LV2 bundle at $bundle"
  [ -f "$jar" ] || die "no command jar at $jar"
}

# stage_tree: a temporary stage/{lv2/auralise.lv2, share/auralise/{lib,presets,schema}}; remove it
# with cleanup_stage. The launcher is written per destination (it names its share folder).
stage_tree() {
  build_parts
  stage_dir=$(mktemp -d "${TMPDIR:-/tmp}/auralise-stage.XXXXXX")
  mkdir -p "$stage_dir/lv2" "$stage_dir/share/auralise/lib" "$stage_dir/share/auralise/presets"
  cp -R "$root_dir/plugin/target/auralise.lv2" "$stage_dir/lv2/"
  cp "$root_dir/renderer/target/auralise.jar" "$stage_dir/share/auralise/lib/"
  # A bundle caught in the middle of plugin/build-bundle.sh (it starts with rm -rf) must not be installed.
  local b="$stage_dir/lv2/auralise.lv2"
  [ -f "$b/auralise_lv2.so" ] && [ -f "$b/manifest.ttl" ] && [ -f "$b/auralise.ttl" ] && ls "$b"/jars/auralise-core-*.jar > /dev/null 2>&1 \
    || die "the LV2 bundle in plugin/target/auralise.lv2 is incomplete (being rebuilt?); run again, or REBUILD=1"
  local n=0 f
  for f in "$root_dir"/presets/*.json; do
    [ -f "$f" ] || continue
    cp "$f" "$stage_dir/share/auralise/presets/"
    n=$((n + 1))
  done
  if [ -d "$root_dir/presets/schema" ]; then
    cp -R "$root_dir/presets/schema" "$stage_dir/share/auralise/"
  fi
  # Plain permissions whatever the umask of the build: 755 for folders and programs, 644 for data.
  find "$stage_dir" -type d -exec chmod 755 {} +
  find "$stage_dir" -type f -exec chmod 644 {} +
  find "$stage_dir" -type f -name '*.so' -exec chmod 755 {} +
  log "staged $(du -sh "$stage_dir" | cut -f1) ($n shipped presets)"
}

cleanup_stage() {
  if [ -n "$stage_dir" ] && [ -d "$stage_dir" ]; then
    rm -rf -- "$stage_dir"
  fi
}

# write_launcher FILE SHARE_DIR: the auralise command, pinned to its installed jar and presets.
write_launcher() {
  local file=$1 share=$2
  cat > "$file" <<EOF
#!/bin/sh
# The auralise command, installed by Auralise's installer. JAVA_OPTS passes JVM options;
# JAVA_HOME or AURALISE_JAVA picks the runtime (Java 17 or newer).
AURALISE_HOME='$share'
export AURALISE_PRESETS="\${AURALISE_PRESETS:-\$AURALISE_HOME/presets}"
java="\${AURALISE_JAVA:-}"
if [ -z "\$java" ] && [ -n "\${JAVA_HOME:-}" ] && [ -x "\$JAVA_HOME/bin/java" ]; then java="\$JAVA_HOME/bin/java"; fi
if [ -z "\$java" ] && [ -x /usr/lib/jvm/default-java/bin/java ]; then java=/usr/lib/jvm/default-java/bin/java; fi
if [ -z "\$java" ]; then java=\$(command -v java || true); fi
if [ -z "\$java" ]; then
  echo "auralise: no Java runtime found; install one: sudo apt-get install default-jre-headless" >&2
  exit 1
fi
# \`live\` feeds a window from the audio callback's JVM: ZGC keeps GC pauses (which stop the callback) under 1 ms.
gc=; [ "\${1:-}" = live ] && gc=-XX:+UseZGC
# shellcheck disable=SC2086
exec "\$java" \$gc \$JAVA_OPTS -jar "\$AURALISE_HOME/lib/auralise.jar" "\$@"
EOF
  chmod 755 "$file"
}

# Prints the path of a java (17 or newer) or nothing: JAVA_HOME, default-java, PATH, /usr/lib/jvm/*.
find_java() {
  local c v
  for c in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} /usr/lib/jvm/default-java/bin/java "$(command -v java 2>/dev/null || true)" /usr/lib/jvm/*/bin/java; do
    [ -n "$c" ] && [ -x "$c" ] || continue
    v=$("$c" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1)
    v=${v#1.}
    if [ -n "$v" ] && [ "${v%%.*}" -ge 17 ] 2>/dev/null; then
      echo "$c"
      return 0
    fi
  done
  return 0
}
