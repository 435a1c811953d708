package dev.vibe.ml.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import dev.vibe.common.json.EventJson;
import dev.vibe.common.model.ModelGraph;
import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureSchema;
import dev.vibe.ml.baseline.BaselineNetwork;
import dev.vibe.ml.encoding.QuantileEncoding;
import dev.vibe.ml.net.DenseLayer;
import dev.vibe.ml.net.VibeNet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.vibe.ml.onnx.OnnxExport.CONDITIONAL;
import static dev.vibe.ml.onnx.OnnxExport.ENCODED;
import static dev.vibe.ml.onnx.OnnxExport.INPUT;
import static dev.vibe.ml.onnx.OnnxExport.LOGITS;
import static dev.vibe.ml.onnx.OnnxExport.OUTPUT;
import static dev.vibe.ml.onnx.OnnxProtos.floats;
import static dev.vibe.ml.onnx.OnnxProtos.int64;
import static dev.vibe.ml.onnx.OnnxProtos.intAttr;
import static dev.vibe.ml.onnx.OnnxProtos.matrix;
import static dev.vibe.ml.onnx.OnnxProtos.model;
import static dev.vibe.ml.onnx.OnnxProtos.node;
import static dev.vibe.ml.onnx.OnnxProtos.tensorInfo;
import static dev.vibe.ml.onnx.OnnxProtos.toArray;
import static dev.vibe.ml.onnx.OnnxProtos.toFloat;

/** The served network's ONNX graph: the quantile encoding folded into the first layer, the members, calibration, the two views. */
final class VibeNetGraph {

    private VibeNetGraph() {
    }

    /**
     * Writes a {@link VibeNet} as one ONNX graph (IR 8, opset 17) from the 13 RAW features to calibrated probabilities:
     * <pre>
     *   features[batch,13] ─ IsNaN/Where(missing = 0) ─ Gemm(0/1 selection, -start) ─ Mul(1/width) ─ Clip(0,1)
     *     = the fill of each segment of each feature's breakpoints (and of mode, and of time signature at 2..5)
     *   ─ Gemm(first layers of all members, the quantile encoding folded in) ─ Relu
     *   ─ Reshape/Transpose [member,batch,64] ─ MatMul+Add ─ Relu ─ MatMul+Add ─ Sigmoid ─ ReduceMean(member)
     *   ─ Clip ─ logit ─ Mul(scale) ─ Add(shift) (calibration per output) ─ Sigmoid ─ calibrated[batch,2N+1]
     *   ─ Gather(conditional outputs) ─ conditional[batch,N]
     *   ─ Gather(any) ─ Mul(conditional) (and/or Gather(absolute outputs), see VibeNet.Combination) ─ probabilities[batch,N]
     * </pre>
     * The encoding's columns are linear in the segment fills, so the first layer takes the fills directly
     * ({@code W' = W A}, {@code b' = b + W c}): the encoding costs no layer of its own, and the fills cost one
     * small Gemm, a Mul and a Clip. Metadata as
     * {@link OnnxExport#toOnnx(BaselineNetwork, List, Map)}, with {@code vibe.encoding} the training songs' standardisation (what
     * explanations measure in) and {@code vibe.model} a description of the graph.
     */
    static byte[] toOnnx(VibeNet net, List<String> playlistNames, Map<String, String> metadata) {
        QuantileEncoding enc = net.encoding();
        int members = net.members().size();
        List<DenseLayer> first = net.members().get(0);
        int h1 = first.get(0).outputs();
        int k = net.outputs();
        int playlists = net.playlists();
        GraphProto.Builder g = GraphProto.newBuilder().setName("vibenet");
        g.addInput(tensorInfo(INPUT, FeatureSchema.SIZE));
        g.addOutput(tensorInfo(OUTPUT, playlists));
        g.addOutput(tensorInfo(CONDITIONAL, playlists));

        // segment fills: every encoded column is linear in them (time-signature one-hots too, for whole numbers:
        // [ts = 3] = clip(ts - 2) - clip(ts - 3), ...), so the first layer takes them directly
        List<Integer> segFeature = new ArrayList<>();
        List<Float> segStart = new ArrayList<>();
        List<Float> segScale = new ArrayList<>();
        for (QuantileEncoding.Grid grid : enc.grids()) {
            for (int j = 0; j < grid.segments(); j++) {
                segFeature.add(grid.feature());
                segStart.add((float) grid.breakpoints()[j]);
                segScale.add((float) (1 / (grid.breakpoints()[j + 1] - grid.breakpoints()[j])));
            }
        }
        int segments = segFeature.size();
        int modeFill = segments;
        segFeature.add(Feature.MODE.index());
        segStart.add(0f);
        segScale.add(1f);
        double[] tsStarts = {2, 3, 4, 5};
        for (double t : tsStarts) {
            segFeature.add(Feature.TIME_SIGNATURE.index());
            segStart.add((float) t);
            segScale.add(1f);
        }
        int inputs = segFeature.size();
        // Gemm with a 0/1 selection matrix copies each segment's feature exactly (after NaN -> 0: a missing time
        // signature fills nothing, so its one-hots are all zero) and subtracts the segment's start
        float[][] select = new float[FeatureSchema.SIZE][inputs];
        for (int s = 0; s < inputs; s++) {
            select[segFeature.get(s)][s] = 1f;
        }
        float[] negStart = new float[inputs];
        for (int s = 0; s < inputs; s++) {
            negStart[s] = -segStart.get(s);
        }
        g.addInitializer(floats("zero", new float[]{0f}));
        g.addInitializer(floats("one", new float[]{1f}));
        g.addInitializer(matrix("segment_select", select));
        g.addInitializer(floats("segment_start", negStart, inputs));
        g.addInitializer(floats("segment_scale", toArray(segScale), inputs));
        g.addNode(node("IsNaN", List.of(INPUT), "features_missing"));
        g.addNode(node("Where", List.of("features_missing", "zero", INPUT), "features_present"));
        g.addNode(node("Gemm", List.of("features_present", "segment_select", "segment_start"), "segment_offset"));
        g.addNode(node("Mul", List.of("segment_offset", "segment_scale"), "segment_position"));
        g.addNode(node("Clip", List.of("segment_position", "zero", "one"), ENCODED));

        // first layer of every member, side by side, over the segment fills
        float[][] w1 = new float[inputs][members * h1];
        float[] b1 = new float[members * h1];
        int mode = enc.modeColumn();
        for (int m = 0; m < members; m++) {
            DenseLayer layer = net.members().get(m).get(0);
            for (int o = 0; o < h1; o++) {
                float[] w = layer.w()[o];
                double bias = layer.b()[o];
                int s = 0;
                for (int gi = 0; gi < enc.grids().size(); gi++) {
                    QuantileEncoding.Grid grid = enc.grids().get(gi);
                    double[][] v = grid.values();
                    for (int c = 0; c < v[0].length; c++) {
                        bias += w[enc.column(gi, c)] * v[0][c];
                    }
                    for (int j = 0; j < grid.segments(); j++, s++) {
                        double sum = 0;
                        for (int c = 0; c < v[0].length; c++) {
                            sum += w[enc.column(gi, c)] * (v[j + 1][c] - v[j][c]);
                        }
                        w1[s][m * h1 + o] = (float) sum;
                    }
                }
                int col = m * h1 + o;
                w1[modeFill][col] = w[mode];
                // one-hots of 3, 4, 5 from the fills at 2, 3, 4, 5 (none when the encoding leaves time signature out)
                if (enc.timeSignature()) {
                    w1[modeFill + 1][col] = w[mode + 1];
                    w1[modeFill + 2][col] = w[mode + 2] - w[mode + 1];
                    w1[modeFill + 3][col] = w[mode + 3] - w[mode + 2];
                    w1[modeFill + 4][col] = -w[mode + 3];
                }
                b1[col] = (float) bias;
            }
        }
        g.addInitializer(matrix("W0", w1));
        g.addInitializer(floats("b0", b1, b1.length));
        g.addNode(node("Gemm", List.of(ENCODED, "W0", "b0"), "z0"));
        g.addNode(node("Relu", List.of("z0"), "a0"));
        String x = "a0";
        int layers = first.size();
        if (members == 1) {
            for (int l = 1; l < layers; l++) {
                DenseLayer layer = first.get(l);
                g.addInitializer(matrix("W" + l, layer.w()));
                g.addInitializer(floats("b" + l, layer.b(), layer.b().length));
                String out = l == layers - 1 ? LOGITS : "z" + l;
                g.addNode(node("Gemm", List.of(x, "W" + l, "b" + l), out, intAttr("transB", 1)));
                if (l < layers - 1) {
                    g.addNode(node("Relu", List.of(out), "a" + l));
                    x = "a" + l;
                }
            }
            g.addNode(node("Sigmoid", List.of(LOGITS), "mean"));
        } else {
            g.addInitializer(int64("member_shape", new long[]{0, members, h1}));
            g.addNode(node("Reshape", List.of(x, "member_shape"), "a0_members"));
            g.addNode(NodeProto.newBuilder().setOpType("Transpose").setName("a0_by_member").addInput("a0_members").addOutput("a0_by_member")
                    .addAttribute(AttributeProto.newBuilder().setName("perm").setType(AttributeProto.AttributeType.INTS).addInts(1).addInts(0).addInts(2))
                    .build());
            x = "a0_by_member";
            for (int l = 1; l < layers; l++) {
                int in = first.get(l).inputs();
                int out = first.get(l).outputs();
                float[] w = new float[members * in * out];
                float[] b = new float[members * out];
                for (int m = 0; m < members; m++) {
                    DenseLayer layer = net.members().get(m).get(l);
                    for (int i = 0; i < in; i++) {
                        for (int o = 0; o < out; o++) {
                            w[(m * in + i) * out + o] = layer.w()[o][i];
                        }
                    }
                    System.arraycopy(layer.b(), 0, b, m * out, out);
                }
                g.addInitializer(floats("W" + l, w, members, in, out));
                g.addInitializer(floats("b" + l, b, members, 1, out));
                g.addNode(node("MatMul", List.of(x, "W" + l), "m" + l));
                String z = l == layers - 1 ? LOGITS : "z" + l;
                g.addNode(node("Add", List.of("m" + l, "b" + l), z));
                if (l < layers - 1) {
                    g.addNode(node("Relu", List.of(z), "a" + l));
                    x = "a" + l;
                }
            }
            g.addNode(node("Sigmoid", List.of(LOGITS), "member_probabilities"));
            g.addNode(NodeProto.newBuilder().setOpType("ReduceMean").setName("mean_ReduceMean").addInput("member_probabilities").addOutput("mean")
                    .addAttribute(AttributeProto.newBuilder().setName("axes").setType(AttributeProto.AttributeType.INTS).addInts(0))
                    .addAttribute(intAttr("keepdims", 0)).build());
        }
        // calibration per playlist: sigmoid(scale * logit(mean) + shift)
        g.addInitializer(floats("eps", new float[]{(float) VibeNet.EPS}));
        g.addInitializer(floats("one_minus_eps", new float[]{(float) (1 - VibeNet.EPS)}));
        g.addInitializer(floats("calibration_scale", toFloat(net.scale()), k));
        g.addInitializer(floats("calibration_shift", toFloat(net.shift()), k));
        g.addNode(node("Clip", List.of("mean", "eps", "one_minus_eps"), "mean_clipped"));
        g.addNode(node("Sub", List.of("one", "mean_clipped"), "mean_complement"));
        g.addNode(node("Div", List.of("mean_clipped", "mean_complement"), "odds"));
        g.addNode(node("Log", List.of("odds"), "mean_logit"));
        g.addNode(node("Mul", List.of("mean_logit", "calibration_scale"), "scaled_logit"));
        g.addNode(node("Add", List.of("scaled_logit", "calibration_shift"), "calibrated_logit"));
        g.addNode(node("Sigmoid", List.of("calibrated_logit"), "calibrated"));
        // the two views (see VibeNet.views)
        long[] conditional = new long[playlists];
        long[] absolute = new long[playlists];
        for (int j = 0; j < playlists; j++) {
            conditional[j] = VibeNet.Columns.conditional(playlists, j);
            absolute[j] = VibeNet.Columns.absolute(j);
        }
        g.addInitializer(int64("conditional_idx", conditional));
        g.addInitializer(int64("any_idx", new long[]{VibeNet.Columns.any(playlists)}));
        g.addNode(node("Gather", List.of("calibrated", "conditional_idx"), CONDITIONAL, intAttr("axis", 1)));
        switch (net.combination()) {
            case DIRECT -> {
                g.addInitializer(int64("absolute_idx", absolute));
                g.addNode(node("Gather", List.of("calibrated", "absolute_idx"), OUTPUT, intAttr("axis", 1)));
            }
            case FACTORISED -> {
                g.addNode(node("Gather", List.of("calibrated", "any_idx"), "any", intAttr("axis", 1)));
                g.addNode(node("Mul", List.of("any", CONDITIONAL), OUTPUT));
            }
            case MEAN -> {
                g.addInitializer(int64("absolute_idx", absolute));
                g.addInitializer(floats("half", new float[]{0.5f}));
                g.addNode(node("Gather", List.of("calibrated", "absolute_idx"), "direct", intAttr("axis", 1)));
                g.addNode(node("Gather", List.of("calibrated", "any_idx"), "any", intAttr("axis", 1)));
                g.addNode(node("Mul", List.of("any", CONDITIONAL), "factorised"));
                g.addNode(node("Add", List.of("direct", "factorised"), "both"));
                g.addNode(node("Mul", List.of("both", "half"), OUTPUT));
            }
        }

        Map<String, Object> description = new LinkedHashMap<>();
        description.put("kind", "vibenet");
        description.put("members", members);
        description.put("hidden", first.subList(0, layers - 1).stream().map(DenseLayer::outputs).toList());
        description.put("quantiles", enc.quantiles());
        description.put("ramps", enc.ramps());
        description.put("segments", segments);
        description.put("calibrationScale", net.scale());
        description.put("calibrationShift", net.shift());
        description.put("outputs", "absolute per playlist, conditional per playlist, any (then calibrated)");
        description.put("combination", net.combination().name());
        description.put("timeSignature", enc.timeSignature());
        description.put("multiplyAddsPerSong", net.multiplyAddsPerSong());
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("vibe.playlists", String.join("\n", playlistNames));
        meta.put("vibe.features", String.join(",", FeatureSchema.keys()));
        meta.put("vibe.feature_schema", Integer.toString(FeatureSchema.VERSION));
        meta.put(ModelGraph.ENCODING, new String(EventJson.write(net.standardisation()), StandardCharsets.UTF_8));
        meta.put("vibe.model", new String(EventJson.write(description), StandardCharsets.UTF_8));
        meta.putAll(metadata);
        return model(g, meta);
    }
}
