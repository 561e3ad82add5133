#!/usr/bin/env bash
# Builds installer/target/auralise_<version>_amd64.deb from the same staged files as install.sh:
#   /usr/lib/lv2/auralise.lv2/      the LV2 bundle (with its LV2 presets)
#   /usr/share/auralise/            the command's jar, shipped presets, preset schema
#   /usr/bin/auralise               the launcher
# Depends on default-jre-headless | java17-runtime-headless, so apt brings a runtime on a fresh machine.
# Reproducible: fixed timestamps (SOURCE_DATE_EPOCH, default: the last commit), root-owned files.
# usage: installer/build-deb.sh [OUT_DIR]      (env: REBUILD=1, MVN_ARGS as for install.sh)
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/common.sh"

out_dir=$(realpath -m "${1:-$installer_dir/target}")
version=$(project_version)
arch=$(dpkg --print-architecture)
pkg="auralise_${version}_${arch}"
work="$installer_dir/target/deb/$pkg"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$root_dir" log -1 --format=%ct 2>/dev/null || date +%s)}

trap cleanup_stage EXIT
stage_tree
rm -rf "$work"
mkdir -p "$work/DEBIAN" "$work/usr/lib/lv2" "$work/usr/share" "$work/usr/bin" "$work/usr/share/doc/auralise"
cp -R "$stage_dir/lv2/auralise.lv2" "$work/usr/lib/lv2/"
cp -R "$stage_dir/share/auralise" "$work/usr/share/"
write_launcher "$work/usr/bin/auralise" /usr/share/auralise
cat > "$work/usr/share/doc/auralise/copyright" <<'EOF'
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: auralise
Source: https://auralise.org

Files: *
Copyright: Auralise developers
License: MIT
EOF
find "$work/usr" -type d -exec chmod 755 {} +

installed_kb=$(du -sk --apparent-size "$work/usr" | cut -f1)
cat > "$work/DEBIAN/control" <<EOF
Package: auralise
Version: $version
Architecture: $arch
Maintainer: Auralise developers <team@auralise.org>
Installed-Size: $installed_kb
Depends: default-jre-headless | java17-runtime-headless, libc6 (>= 2.34)
Recommends: libgl1, libx11-6, libxrandr2, libxcursor1, libxi6, libxinerama1, jackd2
Section: sound
Priority: optional
Homepage: https://auralise.org
Description: CNN feature filters for music (LV2 plugin and command)
 Auralise turns features learned by a convolutional network (onsets, kick
 drums, bass notes, ...) into audio filters: an LV2 plugin for hosts such as
 Ardour or jalv, and the auralise command for offline renders and presets.
EOF
# The md5sums that dpkg checks with --verify.
(cd "$work" && find usr -type f -print0 | sort -z | xargs -0 md5sum > DEBIAN/md5sums)
find "$work" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

mkdir -p "$out_dir"
deb="$out_dir/$pkg.deb"
dpkg-deb --root-owner-group -Zxz --build "$work" "$deb" >&2
log "built $deb ($(du -h "$deb" | cut -f1), installed size $((installed_kb / 1024)) MB)"
echo "$deb"
