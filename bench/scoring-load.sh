#!/usr/bin/env bash
# REST load on a running scoring service (loopback only, bounded in time), as issue 23 measures it: for each number of
# connections, GET /q/health/live and POST /api/v1/vibes/{id}/score with one song inline, in the same run, one after
# the other (wrk, 2 threads), ROUNDS times in turn; each round's ratio and p50/p99, and their medians; the scoring
# service's CPU time per request (from /proc, the load generator left out); then 1,000 songs per request on 1, 2 and 4
# connections (songs/s), as song objects (POST .../score) and as rows of numbers (POST .../score/matrix).
#   bench/scoring-load.sh [SECONDS] [CONNECTIONS...]        defaults: 5 s a run, 32 and 4 connections
#   ROUNDS=N (default 6)                                    health/score pairs per number of connections (a profiled
#                                                           round is one more, left out of the medians)
#   PROFILE=DIR bench/scoring-load.sh ...                   also records JDK Flight Recorder on the scoring service during
#                                                           the last 1-song round of the first connection count, and writes DIR/top-frames.txt
#   PERF=DIR bench/scoring-load.sh ...                      also samples the scoring process with Linux perf during the last
#                                                           1-song round of the first connection count (native code too: JFR does not see ONNX Runtime's
#                                                           frames, which were 35-40% of a one-song request), DIR/perf-top.txt
# Run it on a quiet machine: it prints the load average before it starts. On a 2-core virtual machine one 5 s run
# differs from the next by up to 30% (wrk shares the cores); a figure is the median of the rounds.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
SECONDS_PER_RUN=${1:-5}
ROUNDS=${ROUNDS:-6}
[ "$ROUNDS" -ge 1 ] || { echo "ROUNDS must be 1 or more" >&2; exit 2; }
shift || true
CONNECTIONS=("$@")
[ ${#CONNECTIONS[@]} -gt 0 ] || CONNECTIONS=(32 4)
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)  ($(nproc) cores, $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD))"
VIBE_STATE_DIR=$(mktemp -d /tmp/vibe-load.XXXXXX)
export VIBE_STATE_DIR
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
[ "$(curl -s -o /dev/null -w '%{http_code}' "$SCORING/api/v1/vibes/$vibe/model")" = 200 ] \
  || { echo "the vibe's model was not served after 2 minutes; see $VIBE_STATE_DIR/logs" >&2; exit 1; }
# the training is over before the load starts (its model is served); let the trainer's last writes settle
sleep 5

python3 - "$vibe" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open("data/exportify/Acoustic.csv", encoding="utf-8-sig")))
keys = {"Danceability":"danceability","Energy":"energy","Key":"key","Loudness":"loudness","Mode":"mode","Speechiness":"speechiness",
        "Acousticness":"acousticness","Instrumentalness":"instrumentalness","Liveness":"liveness","Valence":"valence","Tempo":"tempo",
        "Duration (ms)":"duration_ms","Time Signature":"time_signature"}
def song(r): return {"id": r["Track URI"].split(":")[-1], "features": {v: float(r[k]) for k, v in keys.items()}}
bodies = {"one": {"songs": [song(rows[0])]}, "thousand": {"songs": [song(rows[i % len(rows)]) for i in range(1000)]},
          "rows": {"rows": [[float(rows[i % len(rows)][k]) for k in keys] for i in range(1000)]}}
for name, body in bodies.items():
    open(f"/tmp/vibe-load-{name}.json", "w").write(json.dumps(body))
    open(f"/tmp/vibe-load-{name}.lua", "w").write(
        'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
        f'local f = io.open("/tmp/vibe-load-{name}.json") wrk.body = f:read("*a") f:close()\n')
PY
for body in one thousand; do # every answer must be 200
  curl -sf -H 'Content-Type: application/json' --data-binary @/tmp/vibe-load-$body.json "$SCORING/api/v1/vibes/$vibe/score" >/dev/null
done
curl -sf -H 'Content-Type: application/json' --data-binary @/tmp/vibe-load-rows.json "$SCORING/api/v1/vibes/$vibe/score/matrix" >/dev/null

SCORE_URL="$SCORING/api/v1/vibes/$vibe/score"
scoring_pid=$(cat "$VIBE_STATE_DIR/pids/scoring.pid")
cpu_ticks() { awk '{print $14 + $15}' "/proc/$scoring_pid/stat"; }
# one wrk run: prints "requests req/s p50 p99 non-2xx server-us-per-request"
run() {
  local t0 out t1
  t0=$(cpu_ticks)
  out=$(wrk "$@")
  t1=$(cpu_ticks)
  echo "$out" | awk -v ticks=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; return v * 1000 }
    /requests in/ {n = $1} /Requests\/sec/ {r = $2} $1 == "50%" {p50 = ms($2)} $1 == "99%" {p99 = ms($2)} /Non-2xx/ {bad = $5}
    END {if (n == 0) {print "wrk made no request (is the service up?)" > "/dev/stderr"; exit 1}
         printf "%d %.0f %.2f %.2f %d %.1f\n", n, r, p50, p99, bad + 0, ticks * 1e6 / hz / n}'
}

echo "== warm-up (both endpoints, 25 s)"
wrk -t2 -c32 -d15s -s /tmp/vibe-load-one.lua "$SCORE_URL" >/dev/null
wrk -t2 -c32 -d10s "$SCORING/q/health/live" >/dev/null

profiled=
for c in "${CONNECTIONS[@]}"; do
  echo "== $c connections: $ROUNDS rounds of health then score, ${SECONDS_PER_RUN} s each"
  printf '%-6s %22s %22s %22s %22s %7s\n' round "health req/s" "health p50/p99 ms" "score req/s" "score p50/p99 ms" ratio
  rows=()
  last=$ROUNDS
  [ -n "${PROFILE:-}${PERF:-}" ] && [ -z "$profiled" ] && last=$((ROUNDS + 1)) # the profiled round is one more
  for r in $(seq 1 "$last"); do
    h=$(run -t2 -c"$c" -d"${SECONDS_PER_RUN}s" --latency "$SCORING/q/health/live")
    profiling=
    [ -z "$profiled" ] && [ "$r" = "$last" ] && [ -n "${PROFILE:-}${PERF:-}" ] && profiling=yes
    if [ -n "$profiling" ] && [ -n "${PROFILE:-}" ]; then
      mkdir -p "$PROFILE"
      jcmd "$scoring_pid" JFR.start name=load settings=profile >/dev/null
    fi
    if [ -n "$profiling" ] && [ -n "${PERF:-}" ]; then
      command -v perf >/dev/null || { apt-get update -qq && apt-get install -y -qq linux-perf >/dev/null; } # Debian's package
      mkdir -p "$PERF"
      jcmd "$scoring_pid" Compiler.perfmap >/dev/null # names for the JIT's code (/tmp/perf-PID.map)
      perf record -q -e cpu-clock -F 999 -p "$scoring_pid" -o "$PERF/perf.data" -- sleep "$SECONDS_PER_RUN" 2>/dev/null &
      perf_pid=$!
    fi
    s=$(run -t2 -c"$c" -d"${SECONDS_PER_RUN}s" --latency -s /tmp/vibe-load-one.lua "$SCORE_URL")
    if [ -n "$profiling" ]; then
      if [ -n "${PERF:-}" ]; then
        wait "$perf_pid" || true
        { echo "-- by library"; perf report -i "$PERF/perf.data" --sort dso --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' | sed -n 1,12p
          echo; echo "-- top symbols"; perf report -i "$PERF/perf.data" --sort dso,sym --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' | sed -n 1,40p | cut -c1-170
        } > "$PERF/perf-top.txt"
        echo "perf profile of this 1-song run (left out of the medians): $PERF/perf-top.txt"
      fi
      if [ -n "${PROFILE:-}" ]; then
        jcmd "$scoring_pid" JFR.dump name=load filename="$PROFILE/scoring-load.jfr" >/dev/null
        jcmd "$scoring_pid" JFR.stop name=load >/dev/null
        python3 bench/jfr-top.py "$PROFILE/scoring-load.jfr" > "$PROFILE/top-frames.txt"
        echo "JFR profile of this 1-song run (left out of the medians): $PROFILE/top-frames.txt"
      fi
      profiled=yes
      continue
    fi
    rows+=("$h $s")
    echo "$h $s" | awk -v r="$r" '{printf "%-6s %22.0f %22s %22.0f %22s %7.2f\n", r, $2, sprintf("%.2f / %.2f", $3, $4), $8, sprintf("%.2f / %.2f", $9, $10), $8 / $2;
      if ($5 + $11 > 0) print "       non-2xx answers: " $5 " health, " $11 " score"}'
  done
  printf '%s\n' "${rows[@]}" | python3 -c '
import statistics, sys
c = sys.argv[1]
rows = [list(map(float, l.split())) for l in sys.stdin if l.strip()]
med = lambda i: statistics.median(r[i] for r in rows)
ratios = sorted(r[7] / r[1] for r in rows)
print(f"median of {len(rows)} rounds at {c} connections: health {med(1):,.0f} req/s (p99 {med(3):.2f} ms), score {med(7):,.0f} req/s "
      f"(p50 {med(8):.2f} ms, p99 {med(9):.2f} ms); score / health {statistics.median(ratios):.2f} (rounds {ratios[0]:.2f}-{ratios[-1]:.2f})")
print(f"  scoring service CPU per request: health {med(5):.1f} us, score {med(11):.1f} us")' "$c"
done
calls=$(curl -s "$SCORING/q/metrics" | awk '/^vibe_scoring_batch_requests_count/ {n = $2} /^vibe_scoring_batch_requests_sum/ {s = $2} END {if (n > 0) printf "%.1f", s / n}')
[ -n "$calls" ] && echo "one-song requests per ONNX Runtime call over the whole run: $calls (requests that reached an event loop together)"

echo "== warm-up of 1,000-song requests (10 s each form)"
wrk -t1 -c1 -d10s -s /tmp/vibe-load-thousand.lua "$SCORE_URL" >/dev/null
wrk -t1 -c1 -d10s -s /tmp/vibe-load-rows.lua "$SCORE_URL/matrix" >/dev/null
for form in "songs|$SCORE_URL|thousand" "rows|$SCORE_URL/matrix|rows"; do
  IFS='|' read -r name url body <<< "$form"
  for c in 1 2 4; do
    echo "== 1,000 songs per request as $name (POST ${url#"$SCORING"}), $c connection(s), ${SECONDS_PER_RUN} s, 3 runs"
    for _ in 1 2 3; do run -t"$c" -c"$c" -d"${SECONDS_PER_RUN}s" --latency -s "/tmp/vibe-load-$body.lua" "$url"; done \
      | sort -k2 -n | sed -n 2p \
      | awk -v c="$c" -v f="$name" '{printf "batch scoring over REST, %s, %d connection(s): %.0f songs/s (median of 3; p50 %.2f ms a request; scoring CPU %.1f ms a request)\n", f, c, $2 * 1000, $3, $6 / 1000}'
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
