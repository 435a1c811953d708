#!/usr/bin/env bash
# Training speed: what the trainer does per request (network + both baselines + held-out evaluation + ONNX export).
#   bench/training-speed.sh [TIDYTUESDAY.csv] [RUNS] [--warm-up]
# Run 1 is a fresh JVM's first training; with --warm-up the trainer's start-up warm-up runs first (timed apart), so
# run 1 is the first request to a started trainer.
set -euo pipefail
cd "$(dirname "$0")/.."
exec bench/study.sh dev.vibe.study.TrainingBenchmark data "${1:-data/catalogue/tidytuesday_spotify_songs.csv.gz}" "${2:-3}" ${3:+"$3"}
