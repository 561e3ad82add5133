#!/usr/bin/env bash
# Installs Auralise for one user (default) or system-wide:
#   the LV2 bundle      ~/.lv2/auralise.lv2             (--system: /usr/local/lib/lv2/auralise.lv2)
#   the command         ~/.local/bin/auralise           (--system: /usr/local/bin/auralise)
#   its jar and presets ~/.local/share/auralise/        (--system: /usr/local/share/auralise/)
# and makes sure a Java 17+ runtime is there (Debian's default-jre-headless through apt when missing).
# Every file and folder it creates is listed in a manifest; --uninstall removes exactly those.
# Running it again replaces the previous install (idempotent).
#
# usage: installer/install.sh [--system] [--prefix DIR] [--lv2-dir DIR] [--no-java-check] [--uninstall]
# env:   REBUILD=1 rebuilds the plugin and the command first; MVN_ARGS for Maven (e.g. -o);
#        AURALISE_NO_APT=1 never calls apt (fails instead when Java is missing).
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/common.sh"

system=0 prefix="" lv2dir="" uninstall=0 java_check=1
while [ $# -gt 0 ]; do
  case "$1" in
    --system) system=1 ;;
    --prefix) prefix=${2:?--prefix needs a folder}; shift ;;
    --prefix=*) prefix=${1#--prefix=} ;;
    --lv2-dir) lv2dir=${2:?--lv2-dir needs a folder}; shift ;;
    --lv2-dir=*) lv2dir=${1#--lv2-dir=} ;;
    --uninstall) uninstall=1 ;;
    --no-java-check) java_check=0 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  shift
done

if [ "$system" = 1 ]; then
  [ "$(id -u)" = 0 ] || die "--system needs root (sudo $0 --system)"
  # /usr/local, not /usr: /usr belongs to dpkg, and the .deb (build-deb.sh) installs there.
  prefix=${prefix:-/usr/local}
  lv2dir=${lv2dir:-/usr/local/lib/lv2}
else
  [ -n "${HOME:-}" ] || die "HOME is not set"
  prefix=${prefix:-$HOME/.local}
  lv2dir=${lv2dir:-$HOME/.lv2}
fi
# The launcher quotes its folder in single quotes; the manifest is one path per line.
case "$prefix$lv2dir" in *$'\n'*|*"'"*) die "folder names with newlines or quotes are not supported" ;; esac
prefix=$(realpath -m "$prefix")
lv2dir=$(realpath -m "$lv2dir")
share="$prefix/share/auralise"
bindir="$prefix/bin"
manifest="$share/install-manifest"

# Only files under the install roots may be removed: a damaged or edited manifest cannot delete
# anything else. Folders may also be ancestors of the roots (created by the install; removed only
# when empty).
inside_roots() {
  case "$1" in
    "$share"/*|"$bindir"/auralise|"$lv2dir"/auralise.lv2/*) return 0 ;;
    *) return 1 ;;
  esac
}
dir_allowed() {
  local r
  for r in "$share" "$bindir" "$lv2dir" "$lv2dir/auralise.lv2"; do
    case "$r/" in "$1"/*) return 0 ;; esac
  done
  inside_roots "$1"
}

# Removes the files the manifest lists. With "uninstall" also the folders the install created
# (deepest first, only when empty: a folder that now holds other files stays); otherwise (a
# reinstall) the folder records are carried over to the new manifest.
remove_installed() {
  [ -f "$manifest" ] || return 0
  local kind path files=() dirs=()
  while IFS=' ' read -r kind path; do
    case "$kind" in f) files+=("$path") ;; d) dirs+=("$path") ;; esac
  done < <(cat "$manifest" "$manifest.dirs" 2>/dev/null)
  for path in "${files[@]}"; do
    inside_roots "$path" || { log "not removing $path (outside the install folders)"; continue; }
    rm -f -- "$path"
  done
  rm -f -- "$manifest" "$manifest.dirs"
  if [ "$1" = uninstall ]; then
    while IFS= read -r path; do
      [ -n "$path" ] && dir_allowed "$path" && rmdir -- "$path" 2>/dev/null || true
    done < <(printf '%s\n' "${dirs[@]}" | sort -r)
  else
    for path in "${dirs[@]}"; do
      [ -d "$path" ] && echo "d $path" >> "$dirs_tmp"
    done
  fi
  # Folders inside the bundle and the share folder were all created by the install.
  if [ "$1" = uninstall ]; then
    [ -d "$lv2dir/auralise.lv2" ] && find "$lv2dir/auralise.lv2" -depth -type d -empty -delete
    [ -d "$share" ] && find "$share" -depth -type d -empty -delete
  fi
  return 0
}

# Records (in order) every folder on the way to $1 that does not exist yet, then creates them.
make_dirs() {
  local d=$1 missing=()
  while [ ! -d "$d" ]; do
    missing+=("$d")
    d=$(dirname "$d")
  done
  local i
  for ((i = ${#missing[@]} - 1; i >= 0; i--)); do
    mkdir -- "${missing[i]}"
    echo "d ${missing[i]}" >> "$dirs_tmp"
  done
}

ensure_java() {
  local java
  java=$(find_java)
  if [ -n "$java" ]; then
    log "Java runtime: $java"
    return 0
  fi
  [ "${AURALISE_NO_APT:-0}" = 1 ] && die "no Java 17+ runtime found; install one: sudo apt-get install default-jre-headless"
  command -v apt-get >/dev/null || die "no Java 17+ runtime found and no apt-get: install a Java 17+ runtime and run again"
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "no Java 17+ runtime found; as root run: apt-get install default-jre-headless"
    sudo=sudo
  fi
  log "no Java 17+ runtime found: installing Debian's default-jre-headless"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends default-jre-headless >&2
  [ -n "$(find_java)" ] || die "default-jre-headless did not provide Java 17+"
}

if [ "$uninstall" = 1 ]; then
  if [ ! -f "$manifest" ]; then
    log "nothing to uninstall (no $manifest)"
    exit 0
  fi
  # Generated by 'auralise preset' from the user's presets for LV2 hosts; useless without the plugin.
  # The presets themselves (~/.config/auralise/presets) are the user's and stay.
  if [ "$system" = 0 ] && [ -d "$lv2dir/auralise-user-presets.lv2" ]; then
    rm -rf -- "$lv2dir/auralise-user-presets.lv2"
  fi
  # The plugin's cache folder (JVM crash logs, written by the C shim); ~/.cache only when now empty.
  if [ "$system" = 0 ]; then
    cache_home=${XDG_CACHE_HOME:-}
    case "$cache_home" in /*) ;; *) cache_home="$HOME/.cache" ;; esac
    rm -rf -- "$cache_home/auralise"
    [ "$cache_home" = "$HOME/.cache" ] && rmdir -- "$cache_home" 2>/dev/null || true
  fi
  remove_installed uninstall
  log "uninstalled from $prefix and $lv2dir"
  exit 0
fi

[ "$java_check" = 1 ] && ensure_java
trap cleanup_stage EXIT
stage_tree

dirs_tmp=$(mktemp)
files_tmp=$(mktemp)
trap 'rm -f "$dirs_tmp" "$files_tmp"; cleanup_stage' EXIT
# Replace a previous install completely, so files dropped since then do not linger.
remove_installed reinstall

install_file() { # SRC DEST MODE
  make_dirs "$(dirname "$2")"
  install -m "$3" -- "$1" "$2"
  echo "f $2" >> "$files_tmp"
}

while IFS= read -r -d '' f; do
  rel=${f#"$stage_dir/lv2/"}
  mode=644; [ -x "$f" ] && mode=755
  install_file "$f" "$lv2dir/$rel" "$mode"
done < <(find "$stage_dir/lv2" -type f -print0 | sort -z)
while IFS= read -r -d '' f; do
  rel=${f#"$stage_dir/share/auralise/"}
  install_file "$f" "$share/$rel" 644
done < <(find "$stage_dir/share/auralise" -type f -print0 | sort -z)
launcher=$(mktemp)
write_launcher "$launcher" "$share"
install_file "$launcher" "$bindir/auralise" 755
rm -f "$launcher"

make_dirs "$share"
cp "$files_tmp" "$manifest"
cp "$dirs_tmp" "$manifest.dirs"
echo "f $manifest" >> "$manifest"
echo "f $manifest.dirs" >> "$manifest"

log "installed $(grep -c '^f ' "$manifest") files:"
log "  LV2 plugin   $lv2dir/auralise.lv2"
log "  command      $bindir/auralise"
log "  jar, presets $share"
case ":$PATH:" in
  *":$bindir:"*) ;;
  *) log "note: $bindir is not on your PATH; add it (e.g. in ~/.profile: PATH=\"$bindir:\$PATH\")" ;;
esac
