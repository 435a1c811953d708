package dev.vibe.ml.net;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;

import java.util.ArrayList;
import java.util.List;

/**
 * Members computed by DJL itself, as one batched {@link StackedMembers} block: the teacher's soft targets when
 * distilling, and the reference the ONNX export is checked against (the Java forward pass is {@link DenseLayer#forward}).
 */
public final class DjlPredictor {

    private DjlPredictor() {
    }

    /** The served views computed by DJL itself (for checking the ONNX export against the engine). */
    public static VibeNet.Probabilities[] predictWithDjl(VibeNet net, double[][] raw) {
        double[][] mean = meanWithDjl(net.members(), net.encoding().encode(raw));
        VibeNet.Probabilities[] out = new VibeNet.Probabilities[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = net.views(net.calibrate(mean[i]));
        }
        return out;
    }

    /** The members' mean probability per output for encoded songs, computed by DJL as one batched block. */
    static double[][] meanWithDjl(List<List<DenseLayer>> members, float[][] x) {
        int count = members.size();
        List<Integer> widths = new ArrayList<>();
        widths.add(members.get(0).get(0).inputs());
        members.get(0).forEach(l -> widths.add(l.outputs()));
        StackedMembers block = new StackedMembers(count, widths, 0);
        int d = widths.get(0);
        int k = widths.get(widths.size() - 1);
        try (Model model = Model.newInstance("vibenet-forward", Device.cpu(), TorchEngine.name()); NDManager manager = model.getNDManager().newSubManager()) {
            model.setBlock(block);
            block.initialize(manager, DataType.FLOAT32, new Shape(count, 1, d));
            block.load(members);
            // the same songs for every member: [1, n, d] broadcasts against [member, d, out]
            float[] flat = new float[x.length * d];
            for (int i = 0; i < x.length; i++) {
                System.arraycopy(x[i], 0, flat, i * d, d);
            }
            NDArray z = block.forward(new ParameterStore(manager, false), new NDList(manager.create(flat, new Shape(1, x.length, d))), false)
                    .singletonOrThrow();
            float[] p = Activation.sigmoid(z).mean(new int[]{0}).toFloatArray();
            double[][] out = new double[x.length][k];
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < k; j++) {
                    out[i][j] = p[i * k + j];
                }
            }
            return out;
        }
    }
}
