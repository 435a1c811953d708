#!/usr/bin/env bash
# Model quality on the design study's 26 tasks (data/study/model-tasks.csv; 4 playlists each, 3 salted 70/30 splits
# by track id) through the product's own evaluation: the network beside the random forest, logistic regression and
# nearest centroid, per task and on average, with the paired difference to each baseline and its standard error.
#   bench/model-quality.sh                       the table in the README (about 10 minutes on 2 cores)
#   bench/model-quality.sh --variants a,b,...    also other forms of the network, side by side (see ModelQuality)
#   bench/model-quality.sh --tasks ex            only the tasks whose name starts with ex
#   bench/model-quality.sh --baselines FILE      keep the baselines' figures in FILE and read them back next time (they are deterministic)
set -euo pipefail
cd "$(dirname "$0")/.."
exec bench/study.sh dev.vibe.study.ModelQuality --data data "$@"
