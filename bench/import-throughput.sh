#!/usr/bin/env bash
# Import throughput of the ingest service, measured over REST against the real local stack (loopback only).
#   bench/import-throughput.sh [CATALOGUE.csv] [PLAYLIST.csv] [RUNS]
# Defaults: the 32,833-row TidyTuesday dataset from ../shared/data (if present, else the bundled sample) and the
# 706-song Liked_Songs export. The stack runs with its own state folder and ports and is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
CATALOGUE=${1:-../shared/data/tidytuesday_spotify_songs.csv}
[ -f "$CATALOGUE" ] || CATALOGUE=data/catalogue/tidytuesday-sample.csv
PLAYLIST=${2:-data/exportify/Liked_Songs.csv}
RUNS=${3:-5}

export VIBE_STATE_DIR=$(mktemp -d /tmp/vibe-bench.XXXXXX)
export VIBE_INGEST_PORT=18081 VIBE_TRAINER_PORT=18082 VIBE_SCORING_PORT=18083 VIBE_POSTGRES_PORT=25432 VIBE_KAFKA_PORT=29092 VIBE_KAFKA_CONTROLLER_PORT=29093
trap './vibe down >/dev/null; rm -rf "$VIBE_STATE_DIR"' EXIT
./vibe up >/dev/null
URL=http://127.0.0.1:$VIBE_INGEST_PORT

rate() { python3 -c "import sys; n,t=float(sys.argv[1]),float(sys.argv[2]); print(f'{n/t:,.0f}')" "$1" "$2"; }
post() { curl -s -o /tmp/vibe-bench-body -w '%{http_code} %{time_total}\n' -H 'Content-Type: text/csv' --data-binary @"$2" "$URL$1"; }

rows=$(($(wc -l < "$CATALOGUE") - 1))
echo "catalogue: $CATALOGUE ($rows rows)"
for i in $(seq 1 "$RUNS"); do
  read -r code t < <(post "/api/v1/catalogue?name=bench" "$CATALOGUE")
  [ "$code" = 200 ] || { echo "catalogue load failed: $code $(cat /tmp/vibe-bench-body)"; exit 1; }
  echo "  run $i: ${t}s  $(rate "$rows" "$t") rows/s  $(python3 -c 'import json;d=json.load(open("/tmp/vibe-bench-body"));print(d["loaded"],"distinct tracks loaded")')"
done

songs=$(($(wc -l < "$PLAYLIST") - 1))
echo "playlist: $PLAYLIST ($songs rows); each first import uses fresh track ids, so every song is a new track"
tmp=$(mktemp)
for i in $(seq 1 "$RUNS"); do
  python3 - "$PLAYLIST" "$tmp" "$i" <<'PY'
import random, re, sys
src, dst, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
rnd = random.Random(seed)
abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
text = open(src, encoding="utf-8").read()
open(dst, "w", encoding="utf-8").write(re.sub(r"spotify:track:[A-Za-z0-9]{22}", lambda m: "spotify:track:" + "".join(rnd.choice(abc) for _ in range(22)), text))
PY
  read -r code t < <(post "/api/v1/playlists/exportify?name=bench-new-$i" "$tmp")
  [ "$code" = 201 ] || { echo "import failed: $code $(cat /tmp/vibe-bench-body)"; exit 1; }
  echo "  new tracks, run $i: ${t}s  $(rate "$songs" "$t") songs/s"
done
for i in $(seq 1 "$RUNS"); do
  read -r code t < <(post "/api/v1/playlists/exportify?name=bench-same" "$PLAYLIST")
  echo "  re-import of known songs, run $i: ${t}s  $(rate "$songs" "$t") songs/s (HTTP $code)"
done
rm -f "$tmp"
# every stored track's feature record reaches Kafka: wait for the outbox to drain, and report how long it took
start=$(date +%s.%N)
for _ in $(seq 1 120); do
  pending=$(curl -s "$URL/q/metrics" | awk '/^vibe_outbox_pending/ {print $2}')
  [ "${pending%.*}" = "0" ] && break
  sleep 0.5
done
echo "outbox drained (pending=${pending:-?}) $(python3 -c "import sys,time;print(round(time.time()-float(sys.argv[1]),1))" "$start") s after the last import"
