#!/usr/bin/env bash
# The system suite on its own: builds the services, then runs system-tests: two instances of each service as processes
# on a real Kafka broker (3 partitions) and a real PostgreSQL. Scaling (20 training requests over two trainers, one
# killed mid-way; every scoring instance serving each model; a scoring restart replaying nothing) and faults (broker
# stopped during a 706-song import, scoring restarted and its model swapped under load, PostgreSQL restarted).
# Prints the "[system]" figures. CI runs the same tests as part of `mvn -B verify`.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -DskipTests install > /tmp/vibe-system-build.log
mvn -B verify -pl system-tests | tee /tmp/vibe-system.log | grep -E "\[system\]|Tests run:|BUILD"
