/**
 * The baselines the served network is measured against (never served): random forest, logistic regression
 * ({@link dev.vibe.ml.baseline.BaselineNetwork}) and nearest centroid.
 */
package dev.vibe.ml.baseline;
