/**
 * Honest evaluation, as {@code vibe eval} and the trainer report it: the served network beside every baseline on the same
 * held-out songs ({@link dev.vibe.ml.eval.Evaluation}), closed-set and open-set metrics.
 */
package dev.vibe.ml.eval;
