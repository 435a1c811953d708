package dev.vibe.ml;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.vibe.ml.net.VibeNetOptions;
import dev.vibe.ml.onnx.OnnxExport;

import java.util.List;
import java.util.Map;

/** What the ml tests share: small options for the served network, and ONNX Runtime to run an exported graph. */
public final class Fixtures {

    private Fixtures() {
    }

    /** Small for test time: 4 members, at most 60 epochs (the model-quality tests, tagged "slow"). */
    public static final VibeNetOptions SMALL = new VibeNetOptions(4, List.of(64, 32), 0.3f, 64, 8, 60, 10, 0.15, 64, 3e-3f, 1e-4f, 10,
            VibeNetOptions.Serve.MEMBERS, 4, VibeNetOptions.Calibration.PLATT,
            new VibeNetOptions.Student(16, List.of(64, 32), 2, 256), VibeNetOptions.OpenSet.defaults(), 42);

    /**
     * Quick, for the tests of behaviour (not of quality): 4 members of 32-16 units, at most 30 epochs with patience 3 at
     * a high learning rate (so members stop early, at different epochs), 16 quantiles, batches of 128; a student of 16-8.
     */
    public static final VibeNetOptions QUICK = new VibeNetOptions(4, List.of(32, 16), 0.3f, 16, 8, 30, 3, 0.15, 128, 1e-2f, 1e-4f, 10,
            VibeNetOptions.Serve.MEMBERS, 4, VibeNetOptions.Calibration.PLATT,
            new VibeNetOptions.Student(16, List.of(16, 8), 1, 256), VibeNetOptions.OpenSet.defaults(), 42);

    public static double[][] runOnnx(byte[] onnx, double[][] raw) throws Exception {
        return runOnnx(onnx, raw, OnnxExport.OUTPUT);
    }

    /** One output of the graph for raw songs. */
    public static double[][] runOnnx(byte[] onnx, double[][] raw, String output) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[][] x = new float[raw.length][];
        for (int i = 0; i < raw.length; i++) {
            x[i] = new float[raw[i].length];
            for (int j = 0; j < raw[i].length; j++) {
                x[i][j] = (float) raw[i][j];
            }
        }
        try (OrtSession s = env.createSession(onnx, new OrtSession.SessionOptions());
             OnnxTensor t = OnnxTensor.createTensor(env, x);
             OrtSession.Result r = s.run(Map.of(OnnxExport.INPUT, t))) {
            float[][] p = (float[][]) r.get(output).orElseThrow().getValue();
            double[][] out = new double[p.length][];
            for (int i = 0; i < p.length; i++) {
                out[i] = new double[p[i].length];
                for (int k = 0; k < p[i].length; k++) {
                    out[i][k] = p[i][k];
                }
            }
            return out;
        }
    }
}
