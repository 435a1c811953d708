package dev.vibe.ml.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.vibe.common.json.EventJson;
import dev.vibe.common.model.FeatureEncoding;
import dev.vibe.common.model.ModelGraph;
import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureSchema;
import dev.vibe.ml.baseline.BaselineNetwork;
import dev.vibe.ml.net.DenseLayer;
import dev.vibe.ml.net.VibeNet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.vibe.ml.onnx.OnnxProtos.floats;
import static dev.vibe.ml.onnx.OnnxProtos.int64;
import static dev.vibe.ml.onnx.OnnxProtos.intAttr;
import static dev.vibe.ml.onnx.OnnxProtos.matrix;
import static dev.vibe.ml.onnx.OnnxProtos.model;
import static dev.vibe.ml.onnx.OnnxProtos.node;
import static dev.vibe.ml.onnx.OnnxProtos.tensorInfo;
import static dev.vibe.ml.onnx.OnnxProtos.toFloat;

/**
 * Writes a {@link BaselineNetwork} as an ONNX model (IR 8, opset 17) that takes the 13 RAW features and returns the
 * probabilities: the encoding is part of the graph, so a server needs nothing but the model.
 * <pre>
 *   features[batch,13] ─ Gather(continuous) ─ Sub(mean) ─ Div(std) ─┐
 *                      ─ Gather(key) ─ Equal(categories) ─ Cast ───┤ Concat ─ Gemm ─ Relu ─ … ─ Gemm ─ Sigmoid
 *                      ─ Gather(mode) ─ …  Gather(time_signature) ─┘                                 probabilities[batch,N]
 * </pre>
 * Metadata: playlist names and ids (output order), feature order, the encoding, and whatever the caller adds.
 */
public final class OnnxExport {

    public static final String INPUT = ModelGraph.INPUT;
    public static final String OUTPUT = ModelGraph.OUTPUT;
    /** The conditional view of a {@link VibeNet}: the chance per playlist given that the song is on one of them. */
    public static final String CONDITIONAL = ModelGraph.CONDITIONAL;
    /** Metadata: a song fits none of the playlists when its best absolute chance is below this (chosen on held-out songs). */
    public static final String FITS_NONE_BELOW = ModelGraph.FITS_NONE_BELOW;
    public static final String ENCODED = "encoded";
    public static final String LOGITS = "logits";

    private OnnxExport() {
    }

    public static byte[] toOnnx(BaselineNetwork network, List<String> playlistNames, Map<String, String> metadata) {
        FeatureEncoding enc = network.encoding();
        GraphProto.Builder g = GraphProto.newBuilder().setName("vibe");
        g.addInput(tensorInfo(INPUT, FeatureSchema.SIZE));
        g.addOutput(tensorInfo(OUTPUT, network.outputs()));

        long[] continuous = FeatureEncoding.CONTINUOUS.stream().mapToLong(Feature::index).toArray();
        g.addInitializer(int64("continuous_idx", continuous));
        g.addInitializer(floats("mean", toFloat(enc.mean()), enc.mean().length));
        g.addInitializer(floats("std", toFloat(enc.std()), enc.std().length));
        g.addNode(node("Gather", List.of(INPUT, "continuous_idx"), "continuous", intAttr("axis", 1)));
        g.addNode(node("Sub", List.of("continuous", "mean"), "centred"));
        g.addNode(node("Div", List.of("centred", "std"), "standardised"));
        List<String> parts = new ArrayList<>(List.of("standardised"));
        for (Feature f : FeatureEncoding.CATEGORICAL) {
            String name = f.key();
            double[] cats = FeatureEncoding.CATEGORIES.get(f);
            g.addInitializer(int64(name + "_idx", new long[]{f.index()}));
            g.addInitializer(floats(name + "_categories", toFloat(cats), cats.length));
            g.addNode(node("Gather", List.of(INPUT, name + "_idx"), name + "_column", intAttr("axis", 1)));
            g.addNode(node("Equal", List.of(name + "_column", name + "_categories"), name + "_is"));
            g.addNode(node("Cast", List.of(name + "_is"), name + "_onehot", intAttr("to", TensorProto.DataType.FLOAT.getNumber())));
            parts.add(name + "_onehot");
        }
        g.addNode(node("Concat", parts, ENCODED, intAttr("axis", 1)));

        String x = ENCODED;
        for (int l = 0; l < network.layers().size(); l++) {
            DenseLayer layer = network.layers().get(l);
            boolean last = l == network.layers().size() - 1;
            String w = "W" + l;
            String b = "b" + l;
            g.addInitializer(matrix(w, layer.w()));
            g.addInitializer(floats(b, layer.b(), layer.b().length));
            String out = last ? LOGITS : "z" + l;
            g.addNode(node("Gemm", List.of(x, w, b), out, intAttr("transB", 1)));
            if (!last) {
                g.addNode(node("Relu", List.of(out), "a" + l));
                x = "a" + l;
            }
        }
        g.addNode(node("Sigmoid", List.of(LOGITS), OUTPUT));

        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("vibe.playlists", String.join("\n", playlistNames));
        meta.put("vibe.features", String.join(",", FeatureSchema.keys()));
        meta.put("vibe.feature_schema", Integer.toString(FeatureSchema.VERSION));
        meta.put(ModelGraph.ENCODING, new String(EventJson.write(enc), StandardCharsets.UTF_8));
        meta.putAll(metadata);
        return model(g, meta);
    }

    /**
     * Writes the served {@link VibeNet} as one ONNX graph (IR 8, opset 17) from the 13 RAW features to calibrated
     * probabilities: {@link VibeNetGraph}.
     */
    public static byte[] toOnnx(VibeNet net, List<String> playlistNames, Map<String, String> metadata) {
        return VibeNetGraph.toOnnx(net, playlistNames, metadata);
    }
}
