#!/usr/bin/env bash
# The fault suite on its own: builds the services, then runs system-tests (real Kafka, real PostgreSQL, the three
# services as processes): broker stopped during a 706-song import, trainer killed mid-training, scoring restarted
# under load and its model swapped under load, PostgreSQL restarted. Prints the "[faults]" figures.
# CI runs the same tests as part of `mvn -B verify`.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -DskipTests install > /tmp/vibe-faults-build.log
mvn -B verify -pl system-tests | tee /tmp/vibe-faults.log | grep -E "\[faults\]|Tests run:|BUILD"
