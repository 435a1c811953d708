/**
 * The served network: {@link dev.vibe.ml.net.VibeNet} (what is exported to ONNX and scored), its training
 * ({@link dev.vibe.ml.net.VibeNetTrainer} orchestrates: ensemble loop, calibration fit, distillation), options, warm-up.
 * {@link dev.vibe.ml.net.DenseLayer#forward} is the one dense forward pass in Java.
 */
package dev.vibe.ml.net;
