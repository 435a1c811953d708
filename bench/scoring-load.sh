#!/usr/bin/env bash
# REST load on a running scoring service (loopback only, bounded in time), as issue 23 measures it: for each number of
# connections, GET /q/health/live and POST /api/v1/vibes/{id}/score with one song inline, in the same run, one after
# the other (wrk, 2 threads); their ratio and p50/p99; then 1,000 songs per request on 1 connection (songs/s).
#   bench/scoring-load.sh [SECONDS] [CONNECTIONS...]        defaults: 10 s, 32 and 4 connections
#   PROFILE=DIR bench/scoring-load.sh ...                   also records JDK Flight Recorder on the scoring service during
#                                                           the first 1-song run, and writes DIR/top-frames.txt
# Run it on a quiet machine: it prints the load average before it starts.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
SECONDS_PER_RUN=${1:-10}
shift || true
CONNECTIONS=("$@")
[ ${#CONNECTIONS[@]} -gt 0 ] || CONNECTIONS=(32 4)
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)  ($(nproc) cores, $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD))"
export VIBE_STATE_DIR=$(mktemp -d /tmp/vibe-load.XXXXXX)
# the trainer's warm-up (two rounds of training at start) would still be running beside the load: off for this stack
export VIBE_TRAINER_WARM_UP=false
export VIBE_INGEST_PORT=18181 VIBE_TRAINER_PORT=18182 VIBE_SCORING_PORT=18183 VIBE_POSTGRES_PORT=25532 VIBE_KAFKA_PORT=29192 VIBE_KAFKA_CONTROLLER_PORT=29193
trap './vibe down >/dev/null; rm -rf "$VIBE_STATE_DIR" /tmp/vibe-load-*.lua /tmp/vibe-load-*.json' EXIT
./vibe up >/dev/null
INGEST=http://127.0.0.1:$VIBE_INGEST_PORT
SCORING=http://127.0.0.1:$VIBE_SCORING_PORT

echo "preparing a vibe: 4 bundled playlists -> train -> READY"
vibe=$(demo_vibe "$INGEST")
for _ in $(seq 1 240); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$SCORING/api/v1/vibes/$vibe/model")" = 200 ] && break
  sleep 0.5
done
# the training is over before the load starts (its model is served); let the trainer's last writes settle
sleep 5

python3 - "$vibe" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open("data/exportify/Acoustic.csv", encoding="utf-8-sig")))
keys = {"Danceability":"danceability","Energy":"energy","Key":"key","Loudness":"loudness","Mode":"mode","Speechiness":"speechiness",
        "Acousticness":"acousticness","Instrumentalness":"instrumentalness","Liveness":"liveness","Valence":"valence","Tempo":"tempo",
        "Duration (ms)":"duration_ms","Time Signature":"time_signature"}
def song(r): return {"id": r["Track URI"].split(":")[-1], "features": {v: float(r[k]) for k, v in keys.items()}}
bodies = {"one": {"songs": [song(rows[0])]}, "thousand": {"songs": [song(rows[i % len(rows)]) for i in range(1000)]}}
for name, body in bodies.items():
    open(f"/tmp/vibe-load-{name}.json", "w").write(json.dumps(body))
    open(f"/tmp/vibe-load-{name}.lua", "w").write(
        'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
        f'local f = io.open("/tmp/vibe-load-{name}.json") wrk.body = f:read("*a") f:close()\n')
PY
for body in one thousand; do # every answer must be 200
  curl -sf -H 'Content-Type: application/json' --data-binary @/tmp/vibe-load-$body.json "$SCORING/api/v1/vibes/$vibe/score" >/dev/null
done

SCORE_URL="$SCORING/api/v1/vibes/$vibe/score"
field() { awk -v k="$1" '$1 == k {print $2}'; }
ms() { python3 -c 'import sys; v=sys.argv[1]; f={"us":0.001,"ms":1,"s":1000}; u=next(u for u in ("us","ms","s") if v.endswith(u)); print(f"{float(v[:-len(u)])*f[u]:.2f}")' "$1"; }
summary() { # name, wrk output
  local rps p50 p99 bad
  rps=$(echo "$2" | field Requests/sec:); p50=$(ms "$(echo "$2" | field 50%)"); p99=$(ms "$(echo "$2" | field 99%)")
  bad=$(echo "$2" | awk '/Non-2xx/ {print $5}'); bad=${bad:-0}
  printf '%-34s %10.0f req/s   p50 %6s ms   p99 %6s ms   non-2xx %s\n' "$1" "$rps" "$p50" "$p99" "$bad" >&2
  echo "$rps"
}

echo "== warm-up (both endpoints, 8 s)"
wrk -t2 -c32 -d5s -s /tmp/vibe-load-one.lua "$SCORE_URL" >/dev/null
wrk -t2 -c32 -d3s "$SCORING/q/health/live" >/dev/null

scoring_pid=$(cat "$VIBE_STATE_DIR/pids/scoring.pid")
profiled=
for c in "${CONNECTIONS[@]}"; do
  echo "== $c connections, ${SECONDS_PER_RUN} s each"
  h=$(summary "GET /q/health/live" "$(wrk -t2 -c"$c" -d"${SECONDS_PER_RUN}s" --latency "$SCORING/q/health/live")")
  if [ -n "${PROFILE:-}" ] && [ -z "$profiled" ]; then
    mkdir -p "$PROFILE"
    jcmd "$scoring_pid" JFR.start name=load settings=profile >/dev/null
  fi
  s=$(summary "POST score, 1 song" "$(wrk -t2 -c"$c" -d"${SECONDS_PER_RUN}s" --latency -s /tmp/vibe-load-one.lua "$SCORE_URL")")
  if [ -n "${PROFILE:-}" ] && [ -z "$profiled" ]; then
    jcmd "$scoring_pid" JFR.dump name=load filename="$PROFILE/scoring-load.jfr" >/dev/null
    jcmd "$scoring_pid" JFR.stop name=load >/dev/null
    python3 bench/jfr-top.py "$PROFILE/scoring-load.jfr" > "$PROFILE/top-frames.txt"
    echo "profile of the 1-song run at $c connections: $PROFILE/scoring-load.jfr, top frames in $PROFILE/top-frames.txt"
    profiled=yes
  fi
  python3 -c "import sys; print(f'score / health at {sys.argv[3]} connections: {float(sys.argv[2])/float(sys.argv[1]):.2f}')" "$h" "$s" "$c"
done
echo "== 1,000 songs per request, 1 connection"
t=$(summary "POST score, 1000 songs" "$(wrk -t1 -c1 -d"${SECONDS_PER_RUN}s" --latency -s /tmp/vibe-load-thousand.lua "$SCORE_URL")")
python3 -c "import sys; print(f'batch scoring over REST: {float(sys.argv[1])*1000:,.0f} songs/s')" "$t"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
