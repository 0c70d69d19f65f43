#!/usr/bin/env bash
# Installs what the real-editor tests (test/e2e/) need on a fresh Debian 12 machine, as root:
#   - Debian packages: neovim, chromium, ripgrep, and code-server's native build prerequisites;
#   - code-server@4.100.3 (VS Code 1.100.3, the newest that runs on Node 20) into a cache folder
#     the tests own, outside the project's node_modules: .cache/code-server (gitignored).
# Idempotent: each step is skipped when already done. Recipe and reasons:
# ../shared/research/testing-in-real-editors.md.
#
# Environment:
#   SAFESHIFT_CODE_SERVER_DIR   where code-server goes (default: <repo>/.cache/code-server)
#   SAFESHIFT_SKIP_APT=1        do not touch apt (e.g. when the caller installed the packages)
# `scripts/setup-e2e.sh --apt-packages` only prints the Debian packages it needs.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
# @vscode/ripgrep 1.15.11 (a dependency of code-server 4.100.3) downloads this archive from GitHub in
# its postinstall unless it already sits in its cache folder. There is no GitHub here, so the cache is
# seeded with Debian's rg.
RIPGREP_PKG_VERSION=1.15.11
RIPGREP_ARCHIVE=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

APT_PACKAGES=(neovim chromium ripgrep build-essential pkg-config python3 libkrb5-dev libxkbfile-dev libsecret-1-dev)

# `setup-e2e.sh --apt-packages` prints the Debian packages (for .ci/run's own apt-get install).
if [[ "${1:-}" == --apt-packages ]]; then echo "${APT_PACKAGES[*]}"; exit 0; fi

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${SAFESHIFT_CODE_SERVER_DIR:-$repo/.cache/code-server}"
marker="$dest/.installed-$CODE_SERVER_VERSION"

started=$SECONDS
step() { echo "[setup-e2e] $*"; }

# 1. Debian packages.
if [[ "${SAFESHIFT_SKIP_APT:-}" != 1 ]]; then
  missing=()
  for p in "${APT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  if ((${#missing[@]})); then
    step "apt: installing ${missing[*]}"
    t=$SECONDS
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y --no-install-recommends "${missing[@]}"; then
      apt-get update
      apt-get install -y --no-install-recommends "${missing[@]}"
    fi
    step "apt: done in $((SECONDS - t)) s"
  else
    step "apt: all packages already installed"
  fi
fi
for tool in nvim chromium rg; do
  command -v "$tool" >/dev/null || { echo "[setup-e2e] $tool is missing after install" >&2; exit 1; }
done

# 2. code-server.
if [[ -f "$marker" && -x "$dest/node_modules/.bin/code-server" ]]; then
  step "code-server $CODE_SERVER_VERSION already installed in $dest"
else
  t=$SECONDS
  step "code-server: installing $CODE_SERVER_VERSION into $dest (about 5 minutes)"

  # 2a. Seed ripgrep's download cache with Debian's rg at the archive root.
  tmpdir="$(node -p 'require("os").tmpdir()')"
  rg_cache="$tmpdir/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION"
  if [[ ! -s "$rg_cache/$RIPGREP_ARCHIVE" ]]; then
    mkdir -p "$rg_cache"
    stage="$(mktemp -d)"
    cp "$(command -v rg)" "$stage/rg"
    tar -czf "$rg_cache/$RIPGREP_ARCHIVE" -C "$stage" rg
    rm -rf "$stage"
    step "seeded $rg_cache/$RIPGREP_ARCHIVE"
  fi

  # 2b. Install in a fresh folder with its own package.json, so nothing leaks into the project.
  rm -rf "$dest"
  mkdir -p "$dest"
  cat >"$dest/package.json" <<'JSON'
{ "name": "safeshift-e2e-code-server", "private": true, "version": "0.0.0" }
JSON
  # As root, code-server's postinstall refuses to run without unsafe-perm; a nested `npx node-gyp`
  # waits for a "Need to install" prompt unless npm_config_yes is set.
  (
    cd "$dest"
    export npm_config_unsafe_perm=true npm_config_yes=true
    for attempt in 1 2; do
      if npm install --unsafe-perm --no-audit --no-fund --no-save --loglevel=error \
        "code-server@$CODE_SERVER_VERSION"; then
        break
      fi
      ((attempt < 2)) || exit 1
      echo "[setup-e2e] npm install code-server failed; retrying once" >&2
      rm -rf node_modules package-lock.json
    done
  )
  # The install "succeeds" even when some native postinstall steps fail quietly; check the pieces
  # the tests need.
  vscode="$dest/node_modules/code-server/lib/vscode"
  for f in node_modules/@vscode/ripgrep/bin/rg node_modules/@vscode/spdlog/build/Release/spdlog.node \
           node_modules/node-pty/build/Release/pty.node; do
    [[ -e "$vscode/$f" ]] || { echo "[setup-e2e] code-server install is incomplete: no $vscode/$f" >&2; exit 1; }
  done
  "$dest/node_modules/.bin/code-server" --version >/dev/null
  touch "$marker"
  step "code-server: installed in $((SECONDS - t)) s"
fi
"$dest/node_modules/.bin/code-server" --version | head -1 | sed 's/^/[setup-e2e] code-server /'
step "done in $((SECONDS - started)) s"
