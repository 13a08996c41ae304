#!/usr/bin/env bash
# Assembles the hub image's root filesystem (what Jib adds on top of `scratch`), the way distroless
# images are made: a jlinked Java runtime in /opt/java, the shared libraries it links against taken
# from pinned Debian packages, CA certificates, and a non-root user.
#
#   build-rootfs.sh ROOTFS WORKDIR CLASSPATH_FILE CLASSES_DIR [jlink|none]
#
# "none" leaves ROOTFS empty, for a base image that already has Java (-Djib.from.image=...).
#
# JAVA_HOME must be a JDK with jmods. Needs bash, coreutils, dpkg-deb, ldd and apt (present on any
# Debian or Ubuntu machine). Downloads the pinned .deb files once into WORKDIR/debs.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
rootfs="$1"
work="$2"
classpath_file="$3"
classes="$4"
mode="${5:-jlink}"
java_home="${JAVA_HOME:?JAVA_HOME must point at a JDK}"

fail() { echo "build-rootfs: $*" >&2; exit 1; }

if [ "$mode" = none ]; then
  rm -rf "$rootfs" && mkdir -p "$rootfs"
  echo "build-rootfs: runtime from the base image; nothing to add"
  exit 0
fi
[ "$mode" = jlink ] || fail "unknown mode $mode (jlink or none)"

[ -d "$java_home/jmods" ] || fail "$java_home has no jmods; jlink needs a full JDK (Debian: apt-get install openjdk-17-jdk-headless)"
for tool in dpkg-deb ldd sha256sum; do
  command -v "$tool" >/dev/null || fail "$tool not found; build the image on Debian/Ubuntu (or set jib.from.image to a JRE image, see docs/eks.md)"
done
arch="$(dpkg --print-architecture)"
case "$arch" in
  amd64) triplet=x86_64-linux-gnu; loader=/lib64/ld-linux-x86-64.so.2 ;;
  *) fail "only amd64 is pinned in debian-packages.txt (this machine is $arch)" ;;
esac

rm -rf "$rootfs"
mkdir -p "$rootfs" "$work/debs"

# 1. The Java runtime: the listed modules plus what jdeps finds on the runtime classpath.
modules="$(grep -v '^\s*#' "$here/modules.txt" | grep -v '^\s*$' | paste -sd, -)"
if [ -s "$classpath_file" ] && [ -d "$classes" ]; then
  found="$("$java_home/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 \
    --recursive --class-path "$(cat "$classpath_file")" "$classes" 2>/dev/null || true)"
  if [ -n "$found" ]; then
    modules="$modules,$found"
  else
    echo "build-rootfs: jdeps found nothing; using modules.txt only" >&2
  fi
fi
modules="$(tr ',' '\n' <<<"$modules" | sort -u | paste -sd, -)"
echo "build-rootfs: jlink --add-modules $modules"
# No --compress: the layer is gzipped anyway (26 MB instead of 33 MB) and classes load faster.
# java.desktop is there for java.beans only: its native AWT, font, sound and image libraries
# would drag X11 into the image and are never loaded.
"$java_home/bin/jlink" --add-modules "$modules" \
  --strip-debug --no-header-files --no-man-pages \
  --exclude-files="$(printf 'glob:**/lib/%s.so,' libawt libawt_headless libawt_xawt libjawt libfontmanager \
      libjsound libsplashscreen liblcms libjavajpeg libmlib_image | sed 's/,$//')" \
  --output "$rootfs/opt/java"

# 2. Pinned Debian packages, fetched (or found in the apt cache) and checked against their sha256.
debs="$work/debs"
fetch() { # package version arch sha256 pool-path -> path of the checked .deb
  local pkg="$1" ver="$2" a="$3" sum="$4" pool="$5"
  local file="$debs/$(basename "$pool")"
  local cached="/var/cache/apt/archives/${pkg}_${ver/:/%3a}_$a.deb"
  if [ ! -f "$file" ] && [ -f "$cached" ]; then cp "$cached" "$file"; fi
  if [ ! -f "$file" ]; then
    for archive in http://deb.debian.org/debian http://deb.debian.org/debian-security; do
      /usr/lib/apt/apt-helper download-file "$archive/$pool" "$file" "SHA256:$sum" >/dev/null 2>&1 && break
      rm -f "$file"
    done
  fi
  if [ ! -f "$file" ]; then
    (cd "$debs" && apt-get download -q "$pkg=$ver" >/dev/null 2>&1) || true
    file="$(ls "$debs/${pkg}_"*"_$a.deb" 2>/dev/null | head -1 || true)"
  fi
  [ -n "$file" ] && [ -f "$file" ] || fail "cannot download $pkg $ver ($pool); if Debian dropped that version, update debian-packages.txt from \`apt-cache show $pkg\`"
  echo "$sum  $file" | sha256sum -c --quiet - >&2 || fail "$file does not match the pinned sha256 $sum"
  echo "$file"
}
extracted="$work/packages"
rm -rf "$extracted"
mkdir -p "$extracted" "$rootfs/usr/share/doc"
pinned=()
while read -r pkg ver a sum pool; do
  case "$pkg" in ''|'#'*) continue ;; esac
  deb="$(fetch "$pkg" "$ver" "$a" "$sum" "$pool")"
  mkdir -p "$extracted/$pkg"
  dpkg-deb -x "$deb" "$extracted/$pkg"
  pinned+=("$pkg")
done < "$here/debian-packages.txt"

# 3. Shared libraries: the runtime's closure as the dynamic linker resolves it on this machine,
#    each file taken from the pinned package that ships it (never from the host).
needed="$(find "$rootfs/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 \
  | xargs -0 ldd 2>/dev/null | awk '/=>/ {print $1}' | sort -u) $(basename "$loader")"
mkdir -p "$rootfs/lib/$triplet" "$(dirname "$rootfs$loader")"
used=()
for lib in $needed; do
  name="$(basename "$lib")"
  # Libraries of the runtime itself (libjvm.so, libjli.so...) are found through its RUNPATH.
  if [ -n "$(find "$rootfs/opt/java" -name "$name" -print -quit)" ]; then continue; fi
  src=""
  for pkg in "${pinned[@]}"; do
    for dir in "lib/$triplet" "usr/lib/$triplet" lib64 lib; do
      if [ -e "$extracted/$pkg/$dir/$name" ]; then src="$extracted/$pkg/$dir/$name"; owner="$pkg"; break 2; fi
    done
  done
  if [ -z "$src" ]; then
    host_pkg="$(dpkg -S "*/$name" 2>/dev/null | head -1 | cut -d: -f1 || true)"
    fail "the runtime links $name but no pinned package ships it; add ${host_pkg:-its package} to debian-packages.txt"
  fi
  cp -L "$src" "$rootfs/lib/$triplet/$name"
  used+=("$owner")
done
cp -L "$rootfs/lib/$triplet/$(basename "$loader")" "$rootfs$loader"

# 4. CA certificates: the PEM bundle for anything that reads it, and the JVM's trust store.
certs="$extracted/ca-certificates/usr/share/ca-certificates"
[ -d "$certs" ] || fail "ca-certificates is not pinned in debian-packages.txt"
mkdir -p "$rootfs/etc/ssl/certs"
find "$certs" -name '*.crt' | sort | xargs cat > "$rootfs/etc/ssl/certs/ca-certificates.crt"
rm -f "$rootfs/opt/java/lib/security/cacerts"
"$java_home/bin/java" "$here/TrustStore.java" "$rootfs/opt/java/lib/security/cacerts" "$certs"
used+=(ca-certificates)

# Licences of everything copied from Debian, as Debian's policy asks.
for pkg in $(printf '%s\n' "${used[@]}" | sort -u); do
  doc="$extracted/$pkg/usr/share/doc/$pkg"
  # Some packages' documentation is a link to their source package's (libgcc-s1 -> gcc-12-base).
  if [ -L "$doc" ]; then doc="$extracted/$(readlink "$doc")/usr/share/doc/$(readlink "$doc")"; fi
  [ -f "$doc/copyright" ] || fail "no copyright file for $pkg (pin the package its documentation links to)"
  mkdir -p "$rootfs/usr/share/doc/$pkg"
  cp "$doc/copyright" "$rootfs/usr/share/doc/$pkg/"
done

# 5. The non-root user (65532, as in distroless), name resolution and the writable /tmp.
cp "$here/etc/passwd" "$here/etc/group" "$here/etc/nsswitch.conf" "$rootfs/etc/"
mkdir -p "$rootfs/tmp" "$rootfs/home/nonroot"
printf '%s\n' "${used[@]}" | sort -u > "$rootfs/usr/share/doc/hubflow-image-packages.txt"
echo "build-rootfs: $(du -sh "$rootfs" | cut -f1) in $rootfs (packages: $(sort -u "$rootfs/usr/share/doc/hubflow-image-packages.txt" | paste -sd' ' -))"
