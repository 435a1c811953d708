#!/usr/bin/env bash
# In-process scoring throughput (JMH), one thread, real model from 4 bundled playlists.
#   bench/scoring-jmh.sh [extra JMH options]     e.g. -wi 3 -i 5 -f 1
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests install -pl scoring-service -am >/dev/null
mvn -B -q test-compile dependency:build-classpath -pl scoring-service -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh.classpath >/dev/null
CP="scoring-service/target/test-classes:scoring-service/target/classes:$(cat scoring-service/target/jmh.classpath)"
exec java -Dvibe.home="$PWD" -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
  org.openjdk.jmh.Main 'dev.vibe.scoring.service.ScoringBenchmark' -t 1 -f 1 -wi 3 -w 2s -i 5 -r 2s "$@"
