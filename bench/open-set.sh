#!/usr/bin/env bash
# Open-set quality on the design study's 26 tasks x 3 splits: each task's held-out songs against songs of data/ on none
# of its playlists; the network beside a random forest trained with the same background songs and one without; misfits
# planted among each playlist's songs; the closed-set figures beside them (see dev.vibe.study.OpenSetQuality).
#   bench/open-set.sh                              the README's table (about an hour and a half on 2 cores; forests of 60 trees most of it)
#   bench/open-set.sh --forests FILE               keep the forests' figures in FILE and read them back next time
#   bench/open-set.sh --variants a,b --tasks ex    other forms of the network, some tasks only; --splits 1, --no-misfits
set -euo pipefail
cd "$(dirname "$0")/.."
exec bench/study.sh dev.vibe.study.OpenSetQuality --data data "$@"
