#!/usr/bin/env bash
# Runs a class of the study (study/, artifactId vibe-study: the benchmarks, not part of any service) on its own
# classpath: study/target/vibe-study.jar and the dependencies copied beside it (study/target/lib/). Builds them first
# when they are missing or older than the sources of common, ml or study (offline when ~/.m2 already holds what the
# build needs; nothing is installed into ~/.m2). Used by model-quality.sh, open-set.sh and training-speed.sh:
#   bench/study.sh dev.vibe.study.ModelQuality --data data ...
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=study/target/vibe-study.jar
stale() {
  [ -f "$JAR" ] && [ -d study/target/lib ] || return 0
  [ -n "$(find common ml study pom.xml -path '*/target' -prune -o -type f -newer "$JAR" -print -quit)" ]
}
if stale; then
  command -v mvn >/dev/null || { echo "study: Maven (mvn) is needed to build the study; install it (apt-get install maven)" >&2; exit 1; }
  mkdir -p .vibe/logs
  echo "Building the study (log: .vibe/logs/study-build.log) ..." >&2
  if ! mvn -o -B -DskipTests package -pl study -am > .vibe/logs/study-build.log 2>&1 \
      && ! mvn -B -DskipTests package -pl study -am > .vibe/logs/study-build.log 2>&1; then
    echo "study: the build failed; see .vibe/logs/study-build.log" >&2
    tail -n 20 .vibe/logs/study-build.log >&2
    exit 1
  fi
fi
exec java -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.ai.djl=error \
  -cp "$JAR:study/target/lib/*" "$@"
