#!/usr/bin/env bash
# Quality of recommendations on the design study's 26 tasks (4 real playlists each, 3 salted 70/30 splits, as
# bench/model-quality.sh): the network trained as the trainer trains it on the 70%, served through ONNX Runtime, ranks a
# pool of the task's held-out songs + TidyTuesday catalogue songs on none of its playlists (all ~28k by default);
# precision@20 and recall@20 of each playlist's own held-out songs, next to nearest centroid on the same pool.
#   bench/recommend-quality.sh                        all 78 task-splits (about 7 minutes on 2 idle cores)
#   bench/recommend-quality.sh --splits 1             the first split of each task only
#   bench/recommend-quality.sh --catalogue 5000 --tasks ex --top 20
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests install -pl scoring-service -am >/dev/null
mvn -B -q test-compile dependency:build-classpath -pl scoring-service -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh.classpath >/dev/null
CP="scoring-service/target/test-classes:scoring-service/target/classes:$(cat scoring-service/target/jmh.classpath)"
exec java -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.ai.djl=error -cp "$CP" \
  dev.vibe.scoring.service.RecommendQuality --data data "$@" 2> >(grep -v 'AutoNonVariableTypeMode' >&2)
