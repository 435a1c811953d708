/**
 * The served network's input encoding: per-feature quantile ramps fitted on the training songs
 * ({@link dev.vibe.ml.encoding.QuantileEncoding}), folded into the first layer of the exported graph.
 */
package dev.vibe.ml.encoding;
