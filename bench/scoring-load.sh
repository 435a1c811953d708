#!/usr/bin/env bash
# REST load on the running scoring service (loopback only, bounded in time): single-song scoring vs /q/health/live
# in the same run, p99 latency, and the median latency of a 100-song request.
#   bench/scoring-load.sh [SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
SECONDS_PER_RUN=${1:-15}
CONNECTIONS=${2:-4}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

export VIBE_STATE_DIR=$(mktemp -d /tmp/vibe-load.XXXXXX)
export VIBE_INGEST_PORT=18181 VIBE_TRAINER_PORT=18182 VIBE_SCORING_PORT=18183 VIBE_POSTGRES_PORT=25532 VIBE_KAFKA_PORT=29192 VIBE_KAFKA_CONTROLLER_PORT=29193
trap './vibe down >/dev/null; rm -rf "$VIBE_STATE_DIR" /tmp/vibe-load-*.lua /tmp/vibe-load-*.json' EXIT
./vibe up >/dev/null
INGEST=http://127.0.0.1:$VIBE_INGEST_PORT
SCORING=http://127.0.0.1:$VIBE_SCORING_PORT

echo "preparing a vibe: 4 bundled playlists -> train -> READY"
vibe=$(demo_vibe "$INGEST")
for _ in $(seq 1 120); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$SCORING/api/v1/vibes/$vibe/model")" = 200 ] && break
  sleep 0.5
done

python3 - "$vibe" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open("data/exportify/Acoustic.csv", encoding="utf-8-sig")))
keys = {"Danceability":"danceability","Energy":"energy","Key":"key","Loudness":"loudness","Mode":"mode","Speechiness":"speechiness",
        "Acousticness":"acousticness","Instrumentalness":"instrumentalness","Liveness":"liveness","Valence":"valence","Tempo":"tempo",
        "Duration (ms)":"duration_ms","Time Signature":"time_signature"}
def song(r): return {"id": r["Track URI"].split(":")[-1], "features": {v: float(r[k]) for k, v in keys.items()}}
one = json.dumps({"songs": [song(rows[0])]})
hundred = json.dumps({"songs": [song(rows[i % len(rows)]) for i in range(100)]})
for name, body in (("one", one), ("hundred", hundred)):
    open(f"/tmp/vibe-load-{name}.json", "w").write(body)
    open(f"/tmp/vibe-load-{name}.lua", "w").write(
        'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
        f'local f = io.open("/tmp/vibe-load-{name}.json") wrk.body = f:read("*a") f:close()\n')
PY
# every answer must be 200
curl -sf -H 'Content-Type: application/json' --data-binary @/tmp/vibe-load-one.json "$SCORING/api/v1/vibes/$vibe/score" >/dev/null

run() { wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "$@"; }
echo "== warm-up"; wrk -t2 -c"$CONNECTIONS" -d5s -s /tmp/vibe-load-one.lua "$SCORING/api/v1/vibes/$vibe/score" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d3s "$SCORING/q/health/live" >/dev/null
echo "== GET /q/health/live"; health=$(run "$SCORING/q/health/live"); echo "$health" | grep -E "Requests/sec|99%|50%|Non-2xx"
echo "== POST score, 1 song"; one=$(run -s /tmp/vibe-load-one.lua "$SCORING/api/v1/vibes/$vibe/score"); echo "$one" | grep -E "Requests/sec|99%|50%|Non-2xx"
echo "== POST score, 100 songs, 1 connection"; hundred=$(wrk -t1 -c1 -d"${SECONDS_PER_RUN}s" --latency -s /tmp/vibe-load-hundred.lua "$SCORING/api/v1/vibes/$vibe/score"); echo "$hundred" | grep -E "Requests/sec|99%|50%|Non-2xx"
h=$(echo "$health" | awk '/Requests\/sec/ {print $2}'); s=$(echo "$one" | awk '/Requests\/sec/ {print $2}')
python3 -c "import sys; print(f'single-song scoring at {100*float(sys.argv[2])/float(sys.argv[1]):.0f}% of /q/health/live requests/s')" "$h" "$s"
