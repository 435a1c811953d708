/**
 * The design study's benchmarks (bench/model-quality.sh, bench/open-set.sh, bench/training-speed.sh), run on the
 * product's own training and evaluation ({@code vibe-ml}); not part of any service.
 */
package dev.vibe.study;
