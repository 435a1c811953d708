package dev.vibe.ml.net;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * {@code count} dense networks of the same shape as one block: weights {@code [member, in, out]}, biases
 * {@code [member, 1, out]}, input {@code [member, batch, in]}, output {@code [member, batch, playlists]} (logits).
 */
final class StackedMembers extends AbstractBlock {
    private final int count;
    private final List<Integer> widths;
    private final float dropout;
    private final List<Parameter> weights = new ArrayList<>();
    private final List<Parameter> biases = new ArrayList<>();

    /** Name of the optional input that lists the members to compute ({@code [a]} indices, int64). */
    static final String MEMBERS = "members";
    /** Name prefix of the optional inputs that hold the dropout masks of each hidden layer ({@code [a, batch, width]}). */
    static final String MASK = "dropout";

    StackedMembers(int count, List<Integer> widths, float dropout) {
        this.count = count;
        this.widths = List.copyOf(widths);
        this.dropout = dropout;
        for (int l = 0; l + 1 < widths.size(); l++) {
            weights.add(addParameter(Parameter.builder().setName("w" + l).setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(count, widths.get(l), widths.get(l + 1))).build()));
            biases.add(addParameter(Parameter.builder().setName("b" + l).setType(Parameter.Type.BIAS)
                    .optShape(new Shape(count, 1, widths.get(l + 1))).build()));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray a = inputs.get(0);
        NDArray members = null; // indices of the members computed (all when absent)
        NDArray[] masks = new NDArray[weights.size()];
        for (int i = 1; i < inputs.size(); i++) {
            NDArray extra = inputs.get(i);
            if (MEMBERS.equals(extra.getName())) {
                members = extra;
            } else if (extra.getName() != null && extra.getName().startsWith(MASK)) {
                masks[Integer.parseInt(extra.getName().substring(MASK.length()))] = extra;
            }
        }
        Device device = a.getDevice();
        for (int l = 0; l < weights.size(); l++) {
            NDArray w = store.getValue(weights.get(l), device, training);
            NDArray b = store.getValue(biases.get(l), device, training);
            if (members != null) {
                w = w.get(members);
                b = b.get(members);
            }
            a = a.matMul(w).add(b);
            if (l + 1 < weights.size()) {
                a = Activation.relu(a);
                if (training && dropout > 0) {
                    a = a.mul(Objects.requireNonNull(masks[l], "a training step needs its dropout masks (dropoutMasks)"));
                }
            }
        }
        return new NDList(a);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long computed = inputShapes[0].get(0) == 1 ? count : inputShapes[0].get(0); // songs [1, n, d] broadcast to every member
        return new Shape[]{new Shape(computed, inputShapes[0].get(1), widths.get(widths.size() - 1))};
    }

    /**
     * Adds the dropout masks of one training step to {@code inputs}: 0 for a dropped unit, 1 / (1 - p) for a kept
     * one, drawn in Java (4 units per 64-bit draw, p to 1/65536), each member's from its own generator. PyTorch's
     * own dropout draws every unit from one global generator, which costs more than the rest of the forward pass
     * at these sizes, and would tie each member's draws to which other members are still training.
     */
    void dropoutMasks(NDManager manager, int[] members, int batch, SplittableRandom[] random, NDList inputs) {
        if (dropout <= 0) {
            return;
        }
        int threshold = Math.round(dropout * 65_536);
        float keep = 1 / (1 - dropout);
        for (int l = 0; l + 2 < widths.size(); l++) {
            int per = batch * widths.get(l + 1);
            float[] mask = new float[members.length * per];
            for (int j = 0; j < members.length; j++) {
                SplittableRandom r = random[members[j]];
                for (int i = j * per, end = i + per; i < end; i += 4) {
                    long bits = r.nextLong();
                    for (int u = i; u < Math.min(i + 4, end); u++, bits >>>= 16) {
                        mask[u] = (bits & 0xFFFF) < threshold ? 0 : keep;
                    }
                }
            }
            NDArray m = manager.create(mask, new Shape(members.length, batch, widths.get(l + 1)));
            m.setName(MASK + l);
            inputs.add(m);
        }
    }

    /** Xavier-uniform weights, each member's drawn from its own generator (seeded by {@code seed} and its index); zero biases. */
    void xavier(long seed) {
        Random[] random = new Random[count];
        for (int m = 0; m < count; m++) {
            random[m] = new Random(EnsembleFit.memberSeed(seed, m) + 7_919);
        }
        for (int l = 0; l < weights.size(); l++) {
            int in = widths.get(l);
            int out = widths.get(l + 1);
            double limit = Math.sqrt(6.0 / (in + out));
            float[] w = new float[count * in * out];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) ((random[i / (in * out)].nextDouble() * 2 - 1) * limit);
            }
            weights.get(l).getArray().set(w);
            biases.get(l).getArray().set(new float[count * out]);
        }
    }

    /** All parameters as flat arrays: w0, b0, w1, b1, ... */
    float[][] values() {
        float[][] v = new float[weights.size() * 2][];
        for (int l = 0; l < weights.size(); l++) {
            v[2 * l] = weights.get(l).getArray().toFloatArray();
            v[2 * l + 1] = biases.get(l).getArray().toFloatArray();
        }
        return v;
    }

    void copyMember(float[][] from, float[][] to, int member) {
        for (int p = 0; p < from.length; p++) {
            int per = from[p].length / count;
            System.arraycopy(from[p], member * per, to[p], member * per, per);
        }
    }

    /** Flat values as one layer list per member ({@code w[out][in]}). */
    List<List<DenseLayer>> members(float[][] v) {
        List<List<DenseLayer>> out = new ArrayList<>();
        for (int m = 0; m < count; m++) {
            List<DenseLayer> layers = new ArrayList<>();
            for (int l = 0; l < weights.size(); l++) {
                int in = widths.get(l);
                int width = widths.get(l + 1);
                float[][] w = new float[width][in];
                int base = m * in * width;
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < width; o++) {
                        w[o][i] = v[2 * l][base + i * width + o];
                    }
                }
                float[] b = Arrays.copyOfRange(v[2 * l + 1], m * width, (m + 1) * width);
                layers.add(new DenseLayer(w, b));
            }
            out.add(layers);
        }
        return out;
    }

    /** Sets every member's weights and biases from plain layers ({@code w[out][in]}), member by member. */
    void load(List<List<DenseLayer>> members) {
        for (int l = 0; l < weights.size(); l++) {
            int in = widths.get(l);
            int out = widths.get(l + 1);
            float[] w = new float[count * in * out];
            float[] b = new float[count * out];
            for (int m = 0; m < count; m++) {
                DenseLayer layer = members.get(m).get(l);
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        w[m * in * out + i * out + o] = layer.w()[o][i];
                    }
                }
                System.arraycopy(layer.b(), 0, b, m * out, out);
            }
            weights.get(l).getArray().set(w);
            biases.get(l).getArray().set(b);
        }
    }
}
