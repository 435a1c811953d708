#!/usr/bin/env bash
# In-process recommendation cost (JMH, average time in ms, one thread): a 4-playlist vibe (real model from 4 bundled
# playlists), a pool of 10k / 100k / 1M songs sampled from the TidyTuesday catalogue into the service's CandidateSongs
# store, probabilities of the whole pool (ONNX Runtime, batches of 8192) + the best K of each of the 4 playlists;
# rank4Explained also explains the 4 x K picks (the REST default). Each trial prints the store's memory per million songs.
#   bench/recommend-jmh.sh [extra JMH options]     e.g. -wi 2 -i 3 -f 1, or -p poolSize=1000000 -p top=20
#   bench/recommend-jmh.sh --memory [SONGS]        only the memory figures (default 1,000,000 songs)
#   bench/recommend-jmh.sh --cpu [SIZES] [KS] [RUNS]  without JMH: thread CPU and wall time of the same work, one model
#                                                  (defaults 10000,100000,1000000  20,200  10)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests install -pl scoring-service -am >/dev/null
mvn -B -q test-compile dependency:build-classpath -pl scoring-service -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh.classpath >/dev/null
CP="scoring-service/target/test-classes:scoring-service/target/classes:$(cat scoring-service/target/jmh.classpath)"
JAVA=(java -Dvibe.home="$PWD" -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP")
case "${1:-}" in
  --memory) shift; exec "${JAVA[@]}" dev.vibe.scoring.service.RecommendBenchmark "$@" ;;
  --cpu) exec "${JAVA[@]}" dev.vibe.scoring.service.RecommendBenchmark "$@" ;;
esac
exec "${JAVA[@]}" org.openjdk.jmh.Main 'dev.vibe.scoring.service.RecommendBenchmark' -t 1 -f 1 -wi 3 -w 2s -i 5 -r 2s "$@"
