#!/usr/bin/env bash
# Builds stand-ins for the three public images docker-compose.yml uses, for machines that cannot pull from Docker
# Hub but reach Debian's package mirror (ours: ../shared/DESIGN.md, "Containers on these machines"):
#   JRE        eclipse-temurin:17-jre  -> Debian bookworm + openjdk-17-jre-headless
#   PostgreSQL postgres:16             -> Debian bookworm + postgresql-15, with an entrypoint that honours POSTGRES_USER,
#                                         POSTGRES_PASSWORD, POSTGRES_DB, PGDATA and /docker-entrypoint-initdb.d
#   Kafka      apache/kafka:4.3.1      -> the JRE above + the broker's jars from this build (local-stack/kafka-runtime),
#                                         KAFKA_* variables turned into server.properties, KRaft, /opt/kafka/bin tools
# The base is made with debootstrap (root, about 30 s) and imported. Every image is tagged with a hash of this folder,
# the Debian mirror and the Kafka jars, and built only when no image of that tag exists: a second run costs nothing.
# Prints the variables that docker-compose.yml reads, one per line:
#   VIBE_JRE_IMAGE=vibe-stand-in/jre:HASH  VIBE_POSTGRES_IMAGE=...  VIBE_KAFKA_IMAGE=...
# Usage: deploy/docker/stand-ins/build.sh   (after mvn package, which gathers local-stack/kafka-runtime/target/lib)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
libs=$root/local-stack/kafka-runtime/target/lib
suite=bookworm

log() { echo "[stand-ins] $*" >&2; }
fail() { echo "stand-ins: $*" >&2; exit 1; }

command -v docker >/dev/null || fail "no docker command: apt-get install docker.io"
docker info >/dev/null 2>&1 || fail "no Docker engine answers: start dockerd (as root: dockerd &)"
ls "$libs"/kafka_2.13-*.jar "$libs"/kafka-tools-*.jar >/dev/null 2>&1 \
  || fail "no Kafka jars in $libs: run mvn -B package (or mvn -B -pl local-stack/kafka-runtime generate-resources) first"

# the mirror this machine's apt uses (deb822 sources first, then the classic list)
mirror=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1 || true)
[ -n "$mirror" ] || mirror=$(sed -n 's/^deb  *\(http[^ ]*\) .*/\1/p' /etc/apt/sources.list 2>/dev/null | head -n 1 || true)
mirror=${mirror:-http://deb.debian.org/debian}

hash=$( { cd "$here" && find . -type f ! -name '*.swp' | LC_ALL=C sort | xargs sha256sum; echo "$mirror $suite"; ls "$libs" | LC_ALL=C sort; } \
        | sha256sum | cut -c1-12)
base=vibe-stand-in/debian:$hash
jre=vibe-stand-in/jre:$hash
postgres=vibe-stand-in/postgres:$hash
kafka=vibe-stand-in/kafka:$hash

have() { docker image inspect "$1" >/dev/null 2>&1; }
build() { # tag, context, build args...
  local tag=$1 context=$2; shift 2
  log "building $tag"
  local args=() a
  for a in "$@"; do args+=(--build-arg "$a"); done
  local out
  out=$(docker build "${args[@]}" -t "$tag" "$context" 2>&1) || { echo "$out" | tail -n 30 >&2; fail "building $tag failed (above)"; }
}

if ! have "$jre" || ! have "$postgres" || ! have "$kafka"; then
  if ! have "$base"; then
    command -v debootstrap >/dev/null || fail "no debootstrap: apt-get install debootstrap"
    [ "$(id -u)" = 0 ] || fail "debootstrap needs root"
    rootfs=$(mktemp -d "${TMPDIR:-/tmp}/vibe-rootfs.XXXXXX")
    trap 'rm -rf "$rootfs"' EXIT
    log "debootstrap $suite from $mirror"
    debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >"$rootfs.log" 2>&1 \
      || { tail -n 20 "$rootfs.log" >&2; fail "debootstrap failed (log above)"; }
    rm -f "$rootfs.log"
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" -c . | docker import - "$base" >/dev/null
    rm -rf "$rootfs"
    trap - EXIT
  fi
  have "$jre" || build "$jre" "$here/jre" "BASE=$base"
  have "$postgres" || build "$postgres" "$here/postgres" "BASE=$base"
  if ! have "$kafka"; then
    context=$(mktemp -d "${TMPDIR:-/tmp}/vibe-kafka-image.XXXXXX")
    cp -r "$here/kafka/." "$context/"
    cp -r "$libs" "$context/libs"
    build "$kafka" "$context" "JRE=$jre"
    rm -rf "$context"
  fi
fi

# stand-ins of earlier versions of this folder are of no more use
docker images --format '{{.Repository}}:{{.Tag}}' | grep '^vibe-stand-in/' | grep -v ":$hash\$" | xargs -r docker rmi >/dev/null 2>&1 || true

echo "VIBE_JRE_IMAGE=$jre"
echo "VIBE_POSTGRES_IMAGE=$postgres"
echo "VIBE_KAFKA_IMAGE=$kafka"
