/**
 * The songs a model learns from: labelled playlist songs ({@link dev.vibe.ml.data.LabeledSongs}), Exportify files,
 * the background songs that stand for "the rest of the world", how missing time signatures are hidden, seeded shuffles.
 */
package dev.vibe.ml.data;
