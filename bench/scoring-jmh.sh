#!/usr/bin/env bash
# In-process scoring throughput (JMH), one thread, real model from 4 bundled playlists.
#   bench/scoring-jmh.sh [extra JMH options]     e.g. -p batch=1,1000 -f 2 -i 8 (given options replace the defaults below)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests install -pl scoring-service -am >/dev/null
mvn -B -q test-compile dependency:build-classpath -pl scoring-service -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh.classpath >/dev/null
CP="scoring-service/target/test-classes:scoring-service/target/classes:$(cat scoring-service/target/jmh.classpath)"
options=()
for default in "-t 1" "-f 1" "-wi 3" "-w 2s" "-i 5" "-r 2s"; do
  flag=${default%% *}
  [[ " $* " == *" $flag "* ]] || options+=($default) # JMH refuses an option given twice
done
exec java -Dvibe.home="$PWD" -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
  org.openjdk.jmh.Main 'dev.vibe.scoring.service.ScoringBenchmark' "${options[@]}" "$@"
