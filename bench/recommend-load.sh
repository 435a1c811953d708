#!/usr/bin/env bash
# REST latency of recommendations on a local stack (private ports, loopback only, bounded in time): the 4 bundled
# playlists -> a trained vibe; the 32k-song TidyTuesday catalogue loaded through ingest and learned by scoring from
# its catalogue events; then GET /api/v1/vibes/{vibe}/recommendations?pool=catalogue:tidytuesday with wrk, for all 4
# playlists (top 20 each, explanations on: the defaults) and for one playlist; median and p99.
#   bench/recommend-load.sh [SECONDS] [CONNECTIONS]       defaults 15 s, 1 connection (latency of one caller)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
SECONDS_PER_RUN=${1:-15}
CONNECTIONS=${2:-1}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

export VIBE_STATE_DIR=$(mktemp -d /tmp/vibe-recload.XXXXXX)
export VIBE_INGEST_PORT=18281 VIBE_TRAINER_PORT=18282 VIBE_SCORING_PORT=18283 VIBE_POSTGRES_PORT=25632 VIBE_KAFKA_PORT=29292 VIBE_KAFKA_CONTROLLER_PORT=29293
CSV=$(mktemp /tmp/vibe-recload-catalogue.XXXXXX.csv)
trap './vibe down >/dev/null; rm -rf "$VIBE_STATE_DIR" "$CSV"' EXIT
./vibe up >/dev/null
INGEST=http://127.0.0.1:$VIBE_INGEST_PORT
SCORING=http://127.0.0.1:$VIBE_SCORING_PORT

echo "preparing a vibe: 4 bundled playlists -> train -> READY"
vibe=$(demo_vibe "$INGEST")

echo "loading the TidyTuesday catalogue (32k rows) through ingest"
gunzip -c data/catalogue/tidytuesday_spotify_songs.csv.gz > "$CSV"
curl -sf -H 'Content-Type: text/csv' --data-binary @"$CSV" "$INGEST/api/v1/catalogue?name=tidytuesday" \
  | python3 -c 'import json,sys; r=json.load(sys.stdin); print("  ingest:", {k: v for k, v in r.items() if not isinstance(v, (list, dict))})'

for _ in $(seq 1 240); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$SCORING/api/v1/vibes/$vibe/model")" = 200 ] && break
  sleep 0.5
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "$SCORING/api/v1/vibes/$vibe/model")" = 200 ] || { echo "the vibe has no model after 2 minutes" >&2; exit 1; }
songs=0
for _ in $(seq 1 240); do
  songs=$(curl -sf "$SCORING/api/v1/pools" | python3 -c '
import json, sys
pools = [p for p in json.load(sys.stdin) if p["id"] == "catalogue:tidytuesday" and p["complete"]]
print(pools[0]["songs"] if pools else 0)') || songs=0
  [ "$songs" -ge 28000 ] && break
  sleep 0.5
done
[ "$songs" -ge 28000 ] || { echo "scoring has not learned the catalogue after 2 minutes ($songs songs)" >&2; exit 1; }
echo "scoring knows catalogue:tidytuesday with $songs songs"

ALL="$SCORING/api/v1/vibes/$vibe/recommendations?pool=catalogue:tidytuesday"
ONE="$ALL&playlist=Country"
# every answer must be 200, with 4 (then 1) playlists of 20 explained songs
curl -sf "$ALL" | python3 -c 'import json,sys; r=json.load(sys.stdin); ps=r["playlists"]; assert len(ps)==4 and all(len(p["songs"])==20 and p["songs"][0]["explanation"] for p in ps), r; print("  all:", r["poolSongs"], "songs in the pool;", [(p["playlist"], p["songs"][0]["name"], round(p["songs"][0]["probability"], 3)) for p in ps])'
curl -sf "$ONE" | python3 -c 'import json,sys; r=json.load(sys.stdin); assert len(r["playlists"])==1 and len(r["playlists"][0]["songs"])==20, r'

run() { wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "$@"; }
echo "== warm-up"; wrk -t1 -c1 -d10s "$ALL" >/dev/null; wrk -t1 -c1 -d5s "$ONE" >/dev/null
echo "== GET recommendations, catalogue:tidytuesday, 4 playlists x top 20, explained ($CONNECTIONS connection(s))"
all=$(run "$ALL"); echo "$all" | grep -E "Requests/sec|50%|90%|99%|Non-2xx"
echo "== GET recommendations, catalogue:tidytuesday, playlist Country, top 20, explained"
one=$(run "$ONE"); echo "$one" | grep -E "Requests/sec|50%|90%|99%|Non-2xx"
echo "== GET recommendations, catalogue:tidytuesday, 4 playlists x top 20, explain=false"
plain=$(run "$ALL&explain=false"); echo "$plain" | grep -E "Requests/sec|50%|90%|99%|Non-2xx"
