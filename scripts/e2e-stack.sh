#!/usr/bin/env bash
# Starts the Docker stack the end-to-end suite runs against, from Debian packages only:
#   - dockerd with the containerd image store (so the default `docker` builder can build and
#     push multi-platform images) and 127.0.0.1:5000 as an insecure registry;
#   - buildx as a system-wide CLI plugin, so a private DOCKER_CONFIG still finds it;
#   - a registry (`docker-registry serve`, storage in memory) on 127.0.0.1:5000;
#   - QEMU user emulation registered in binfmt_misc, so foreign-platform RUN steps execute;
#   - static busybox binaries for amd64 and arm64: the only "base image" a build can use
#     when nothing can be pulled.
# Debian 12 ships no buildx and a docker that is too old, so there the Debian 13 packages are
# unpacked into a private prefix (with Debian 12's runc: Debian 13's needs a newer glibc).
# On Debian 13 the same packages are installed normally.
#
# Usage: scripts/e2e-stack.sh [start|stop|status]
# Environment (all optional):
#   E2E_STATE_DIR    engine data, unpacked packages, configuration, pid files, the log
#                    (default: /var/lib/e2e-stack: one engine per machine, outside any checkout,
#                    so a fresh clone reuses what an earlier run unpacked)
#   E2E_BUSYBOX_DIR  where <arch>/busybox are placed (default: <repo>/.tmp/e2e-stack/busybox)
# Needs root. Idempotent: a second start finds the running stack and exits 0 at once.
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STACK_DIR="${E2E_STATE_DIR:-/var/lib/e2e-stack}"
BUSYBOX_DIR="${E2E_BUSYBOX_DIR:-$ROOT/.tmp/e2e-stack/busybox}"
LOG="$STACK_DIR/e2e-stack.log"
PREFIX="$STACK_DIR/prefix"
APT_DIR="$STACK_DIR/apt"
REGISTRY_ADDR=127.0.0.1:5000
DOCKER_SOCK=/var/run/docker.sock
PLUGIN_DIR=/usr/local/lib/docker/cli-plugins
BINFMT=/proc/sys/fs/binfmt_misc
# The Debian release whose docker pieces are recent enough (buildx, containerd image store).
DOCKER_SUITE=trixie
ARCHES=(amd64 arm64)
DOCKER_PACKAGES=(docker.io docker-cli containerd docker-buildx docker-registry tini)
SEARCH_PATH="$PATH"
BUILDX_SOURCE=
SPAWNED_PID=

log() { printf '%s e2e-stack: %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$LOG"; }
die() {
  log "ERROR: $*"
  exit 1
}
# Runs a command with its output in the log file only.
quiet() { "$@" >>"$LOG" 2>&1; }

on_error() {
  local status=$?
  printf 'e2e-stack: failed (exit %s); last lines of %s:\n' "$status" "$LOG" >&2
  tail -n 25 "$LOG" >&2 || true
  exit "$status"
}

codename() {
  # shellcheck disable=SC1091
  (. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}")
}

host_arch() { dpkg --print-architecture; }

# binfmt_misc handler name of QEMU for a Debian architecture.
qemu_handler() {
  case "$1" in
    amd64) echo qemu-x86_64 ;;
    arm64) echo qemu-aarch64 ;;
    *) die "no QEMU handler known for architecture $1" ;;
  esac
}

foreign_arches() {
  local arch host
  host="$(host_arch)"
  for arch in "${ARCHES[@]}"; do
    [[ "$arch" == "$host" ]] || echo "$arch"
  done
}

# The docker CLI the tests will find on PATH, talking to the default socket.
docker_cli() { env -u DOCKER_HOST -u DOCKER_CONTEXT docker "$@"; }

engine_up() { docker_cli version --format '{{.Server.Version}}' >/dev/null 2>&1; }

registry_up() { curl -fsS -o /dev/null --max-time 2 "http://$REGISTRY_ADDR/v2/" 2>/dev/null; }

binfmt_ready() {
  local arch
  while read -r arch; do
    grep -qx enabled "$BINFMT/$(qemu_handler "$arch")" 2>/dev/null || return 1
  done < <(foreign_arches)
}

busybox_ready() {
  local arch
  for arch in "${ARCHES[@]}"; do
    [[ -x "$BUSYBOX_DIR/$arch/busybox" ]] || return 1
  done
}

stack_ready() {
  command -v docker >/dev/null &&
    [[ -x "$PLUGIN_DIR/docker-buildx" ]] &&
    engine_up &&
    docker_cli info --format '{{json .DriverStatus}}' 2>/dev/null | grep -q 'io.containerd.snapshotter' &&
    registry_up &&
    binfmt_ready &&
    busybox_ready
}

# apt-get with a private sources list, lists and cache: fetches .debs of another release or
# architecture without touching the machine's apt configuration or dpkg architectures.
private_apt() {
  apt-get \
    -o Dir::Etc::sourcelist="$APT_DIR/sources.list" \
    -o Dir::Etc::sourceparts=- \
    -o Dir::State::Lists="$APT_DIR/lists" \
    -o Dir::Cache="$APT_DIR/cache" \
    -o APT::Architectures::=amd64 \
    -o APT::Architectures::=arm64 \
    -o Debug::NoLocking=1 \
    "$@"
}

# The Debian mirror this machine is configured with (no mirror is hard-coded here).
debian_mirror() {
  local release="$1" uri
  # shellcheck disable=SC2016 # $(REPO_URI) is apt's own placeholder, not a shell expansion
  uri="$(apt-get indextargets --no-release-info --format '$(REPO_URI)' \
    'Identifier: Packages' "Release: $release" 2>/dev/null | head -n 1)"
  [[ -n "$uri" ]] || die "no apt source for Debian '$release' is configured on this machine"
  echo "$uri"
}

setup_private_apt() {
  local host mirror keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  host="$(codename)"
  mirror="$(debian_mirror "$host")"
  mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial"
  {
    echo "deb [arch=amd64,arm64 signed-by=$keyring] $mirror $host main"
    if [[ "$host" != "$DOCKER_SUITE" ]]; then
      echo "deb [arch=amd64,arm64 signed-by=$keyring] $mirror $DOCKER_SUITE main"
    fi
  } >"$APT_DIR/sources.list"
  log "updating private package lists"
  quiet private_apt update
}

apt_install() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0
  log "installing Debian packages: ${missing[*]}"
  quiet apt-get update
  # No init system runs here; keep maintainer scripts from starting services we start ourselves.
  local policy=/usr/sbin/policy-rc.d created=0
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    created=1
  fi
  local status=0
  DEBIAN_FRONTEND=noninteractive quiet apt-get install -y --no-install-recommends "${missing[@]}" || status=$?
  ((created)) && rm -f "$policy"
  return "$status"
}

on_docker_suite() { [[ "$(codename)" == "$DOCKER_SUITE" ]]; }

prefix_ready() {
  [[ -x "$PREFIX/usr/sbin/dockerd" && -x "$PREFIX/usr/bin/docker-registry" && -x "$PREFIX/usr/bin/docker-init" ]]
}

# Everything installed the ordinary way. On Debian 13 that includes the docker pieces; elsewhere
# they come from fetch_packages, and runc from the machine's own release.
install_host_packages() {
  local packages=(ca-certificates curl iptables runc qemu-user-static binfmt-support)
  if on_docker_suite; then
    packages+=("${DOCKER_PACKAGES[@]}")
  fi
  apt_install "${packages[@]}"
}

# One download of every .deb that is not installed the ordinary way: the Debian 13 docker
# pieces (unpacked into the private prefix) and busybox-static for each architecture.
fetch_packages() {
  local wanted=() pkg arch debs="$STACK_DIR/debs" deb found
  if ! on_docker_suite && ! prefix_ready; then
    for pkg in "${DOCKER_PACKAGES[@]}"; do wanted+=("$pkg/$DOCKER_SUITE"); done
  fi
  if ! busybox_ready; then
    for arch in "${ARCHES[@]}"; do wanted+=("busybox-static:$arch"); done
  fi
  ((${#wanted[@]} == 0)) && return 0
  setup_private_apt
  log "downloading ${wanted[*]}"
  rm -rf "$debs"
  mkdir -p "$debs"
  (cd "$debs" && quiet private_apt download "${wanted[@]}")
  for arch in "${ARCHES[@]}"; do
    for deb in "$debs"/busybox-static_*_"$arch".deb; do
      [[ -e "$deb" ]] || continue
      quiet dpkg -x "$deb" "$debs/busybox-$arch"
      found="$(find "$debs/busybox-$arch" -type f -name busybox -path '*bin/*' | head -n 1)"
      [[ -n "$found" ]] || die "busybox-static:$arch has no busybox binary"
      mkdir -p "$BUSYBOX_DIR/$arch"
      install -m 0755 "$found" "$BUSYBOX_DIR/$arch/busybox"
      rm -f "$deb"
    done
  done
  if compgen -G "$debs/*.deb" >/dev/null; then
    rm -rf "$PREFIX"
    for deb in "$debs"/*.deb; do quiet dpkg -x "$deb" "$PREFIX"; done
  fi
  rm -rf "$debs"
  busybox_ready || die "busybox is missing in $BUSYBOX_DIR"
  log "busybox for ${ARCHES[*]}: $BUSYBOX_DIR/<arch>/busybox"
}

# Where dockerd, containerd and docker-registry run from, and where the buildx plugin comes from.
locate_docker() {
  if on_docker_suite; then
    SEARCH_PATH="/usr/sbin:/usr/bin:$PATH"
    BUILDX_SOURCE=/usr/libexec/docker/cli-plugins/docker-buildx
  else
    prefix_ready || die "the $DOCKER_SUITE docker packages are missing in $PREFIX"
    SEARCH_PATH="$PREFIX/usr/sbin:$PREFIX/usr/bin:$PATH"
    BUILDX_SOURCE="$PREFIX/usr/libexec/docker/cli-plugins/docker-buildx"
  fi
}

# buildx as a system-wide plugin: with DOCKER_CONFIG moved (as the action does) the CLI only
# finds plugins in the system directories, exactly like on GitHub's runners.
install_buildx_plugin() {
  [[ -x "$BUILDX_SOURCE" ]] || die "buildx plugin not found at $BUILDX_SOURCE"
  if ! cmp -s "$BUILDX_SOURCE" "$PLUGIN_DIR/docker-buildx"; then
    mkdir -p "$PLUGIN_DIR"
    install -m 0755 "$BUILDX_SOURCE" "$PLUGIN_DIR/docker-buildx"
    log "installed buildx plugin in $PLUGIN_DIR"
  fi
}

# The docker CLI on PATH: a client that is already there (it negotiates the API version down to
# the engine's) is kept; otherwise the packaged one is put in /usr/local/bin.
install_docker_cli() {
  if command -v docker >/dev/null; then
    log "using the docker CLI already on PATH: $(command -v docker) ($(docker --version))"
    return
  fi
  local packaged
  packaged="$(PATH="$SEARCH_PATH" command -v docker)" || die "the docker packages have no docker CLI"
  install -m 0755 "$packaged" /usr/local/bin/docker
  log "installed the packaged docker CLI in /usr/local/bin"
}

# Mounted before qemu-user-static is installed, so its maintainer scripts can register the
# handlers; registered by hand when the package was installed while binfmt_misc was not mounted.
mount_binfmt() {
  if [[ ! -e "$BINFMT/register" ]]; then
    quiet mount -t binfmt_misc binfmt_misc "$BINFMT" || die "cannot mount binfmt_misc on $BINFMT"
  fi
}

enable_qemu() {
  local arch handler
  while read -r arch; do
    handler="$(qemu_handler "$arch")"
    if [[ ! -e "$BINFMT/$handler" ]]; then
      quiet update-binfmts --enable "$handler" || die "cannot register $handler in binfmt_misc"
    fi
    grep -qx enabled "$BINFMT/$handler" || die "$handler is registered but not enabled"
    log "QEMU emulation for $arch: $handler enabled"
  done < <(foreign_arches)
}

write_configs() {
  mkdir -p "$STACK_DIR/docker-data"
  cat >"$STACK_DIR/daemon.json" <<JSON
{
  "features": { "containerd-snapshotter": true },
  "insecure-registries": ["$REGISTRY_ADDR"],
  "data-root": "$STACK_DIR/docker-data",
  "pidfile": "$STACK_DIR/dockerd.pid",
  "hosts": ["unix://$DOCKER_SOCK"]
}
JSON
  cat >"$STACK_DIR/registry.yml" <<YAML
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  # In memory, not on disk: the filesystem driver of registry 2.8 rewrites a tag's link file in
  # place, and buildx 0.13 on the docker driver pushes every tag twice (BuildKit, then the engine),
  # so a concurrent HEAD can read an empty link and fail the push with a 500 ("invalid checksum
  # digest format"). The in-memory driver serialises reads and writes; e2e images are small.
  inmemory: {}
  delete:
    enabled: true
http:
  addr: $REGISTRY_ADDR
YAML
}

# Starts a long-running process detached from this shell (its own session), output to the log;
# its pid is left in SPAWNED_PID.
spawn() {
  setsid env PATH="$SEARCH_PATH" "$@" </dev/null >>"$LOG" 2>&1 &
  SPAWNED_PID=$!
}

wait_for() {
  local what="$1" seconds="$2" i
  shift 2
  for ((i = 0; i < seconds * 4; i++)); do
    "$@" && return 0
    sleep 0.25
  done
  die "$what not ready after ${seconds}s"
}

# A pid file left by a process that was killed without cleanup (the end of a session kills the
# stack) makes dockerd refuse to start once that pid is reused; keep only a live process's file.
clear_stale_pidfile() {
  local name="$1" pidfile="$2" pid
  [[ -s "$pidfile" ]] || return 0
  pid="$(cat "$pidfile")"
  if [[ "$(ps -p "$pid" -o comm= 2>/dev/null)" != "$name" || "$(ps -p "$pid" -o stat= 2>/dev/null)" == Z* ]]; then
    log "removing the stale pid file $pidfile"
    rm -f "$pidfile"
  fi
}

start_engine() {
  if engine_up; then
    log "a docker engine already answers on $DOCKER_SOCK"
  else
    clear_stale_pidfile dockerd "$STACK_DIR/dockerd.pid"
    clear_stale_pidfile containerd /var/run/docker/containerd/containerd.pid
    log "starting dockerd"
    # dockerd writes its own pid file (see daemon.json), which `stop` uses.
    spawn dockerd --config-file "$STACK_DIR/daemon.json"
    wait_for "dockerd" 60 engine_up
  fi
  docker_cli info --format '{{json .DriverStatus}}' | grep -q 'io.containerd.snapshotter' ||
    die "the engine on $DOCKER_SOCK does not use the containerd image store (features.containerd-snapshotter)"
  docker_cli buildx version >>"$LOG" 2>&1 || die "docker buildx does not run"
}

start_registry() {
  if registry_up; then
    log "a registry already answers on $REGISTRY_ADDR"
    return
  fi
  log "starting docker-registry on $REGISTRY_ADDR"
  spawn docker-registry serve "$STACK_DIR/registry.yml"
  echo "$SPAWNED_PID" >"$STACK_DIR/registry.pid"
  wait_for "registry" 30 registry_up
}

print_ready() {
  {
    echo "E2E_STATE_DIR=$STACK_DIR"
    echo "E2E_BUSYBOX_DIR=$BUSYBOX_DIR"
    echo "E2E_REGISTRY=$REGISTRY_ADDR"
    echo "log: $LOG"
  }
  if [[ -n "${DOCKER_HOST:-}" ]]; then
    echo "note: DOCKER_HOST is set ($DOCKER_HOST); the stack listens on unix://$DOCKER_SOCK"
  fi
  echo "e2e stack ready"
}

start() {
  if stack_ready; then
    print_ready
    return
  fi
  [[ "$(id -u)" == 0 ]] || {
    echo "e2e-stack: must run as root (installs packages, starts dockerd, mounts binfmt_misc)" >&2
    exit 1
  }
  mkdir -p "$STACK_DIR"
  trap on_error ERR
  local started=$SECONDS
  log "starting the e2e stack on Debian $(codename) ($(host_arch)); log: $LOG"
  mount_binfmt
  install_host_packages
  fetch_packages
  locate_docker
  install_buildx_plugin
  install_docker_cli
  enable_qemu
  write_configs
  start_engine
  start_registry
  log "stack up in $((SECONDS - started))s"
  print_ready
}

# Stops the process named in a pid file, if it is still the program we started (a pid file left
# over from before a reboot may name some other process by now).
stop_pidfile() {
  local name="$1" pidfile="$2" pid i
  [[ -s "$pidfile" ]] || return 0
  pid="$(cat "$pidfile")"
  if [[ "$(ps -p "$pid" -o comm= 2>/dev/null)" == "$name" ]]; then
    log "stopping $name (pid $pid)"
    kill "$pid"
    for ((i = 0; i < 120; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    kill -0 "$pid" 2>/dev/null && die "$name (pid $pid) did not stop"
  fi
  rm -f "$pidfile"
}

# Stops only the processes this script started (by the ids it recorded).
stop() {
  [[ -d "$STACK_DIR" ]] || {
    echo "e2e stack not started here"
    return 0
  }
  stop_pidfile docker-registry "$STACK_DIR/registry.pid"
  stop_pidfile dockerd "$STACK_DIR/dockerd.pid"
  echo "e2e stack stopped"
}

status() {
  if stack_ready; then
    print_ready
  else
    echo "e2e stack not ready"
    return 1
  fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *)
    echo "usage: $0 [start|stop|status]" >&2
    exit 2
    ;;
esac
