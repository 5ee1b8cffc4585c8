#!/usr/bin/env bash
# Makes a real Docker engine available for the tests: installs Debian's docker.io and busybox-static
# when missing, starts dockerd when nothing answers on the socket, and builds the images the notes
# use (alpine, busybox, hello-world) offline from busybox, since no registry can be reached here.
set -euo pipefail
log() { echo "[docker] $*" >&2; }
SOCK=/var/run/docker.sock

need_apt=()
command -v dockerd >/dev/null 2>&1 || need_apt+=(docker.io)
[ -x /bin/busybox ] || [ -x /usr/bin/busybox ] || need_apt+=(busybox-static)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing ${need_apt[*]}"
  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need_apt[@]}") >&2
fi

if ! docker version >/dev/null 2>&1; then
  log "starting dockerd"
  mkdir -p /tmp/course-notes-dockerd
  nohup dockerd --host "unix://$SOCK" >/tmp/course-notes-dockerd/dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    docker version >/dev/null 2>&1 && break
    sleep 0.5
  done
  docker version >/dev/null 2>&1 || { log "dockerd did not start; see /tmp/course-notes-dockerd/dockerd.log"; tail -20 /tmp/course-notes-dockerd/dockerd.log >&2; exit 1; }
fi

BUSYBOX=$(command -v busybox)
build_image() { # name:tag cmd-json
  local ref=$1 cmd=$2
  if docker image inspect "$ref" >/dev/null 2>&1; then return; fi
  log "building $ref from busybox"
  local root; root=$(mktemp -d)
  mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/root" "$root/proc" "$root/sys" "$root/dev"
  cp "$BUSYBOX" "$root/bin/busybox"
  for app in $("$BUSYBOX" --list); do
    [ "$app" = busybox ] || ln -sf busybox "$root/bin/$app"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
  if [ "${ref%%:*}" = hello-world ]; then
    printf '#!/bin/sh\necho\necho "Hello from Docker!"\necho "This message shows that your installation appears to be working correctly."\n' > "$root/hello"
    chmod +x "$root/hello"
  fi
  tar -C "$root" -c . | docker import --change "CMD $cmd" --change 'ENV PATH=/bin' - "$ref" >/dev/null
  rm -rf "$root"
}
build_image busybox:latest '["sh"]'
build_image alpine:latest '["/bin/sh"]'
build_image hello-world:latest '["/hello"]'
log "ready: $(docker version --format '{{.Server.Version}}')"
