/**
 * ONNX export: the served network as one graph from the 13 raw features to both views
 * ({@link dev.vibe.ml.onnx.OnnxExport}); a baseline network can be exported too.
 */
package dev.vibe.ml.onnx;
