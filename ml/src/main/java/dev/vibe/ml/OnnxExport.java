package dev.vibe.ml;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.vibe.common.model.FeatureEncoding;
import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureSchema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Network} as an ONNX model (IR 8, opset 17) that takes the 13 RAW features and returns the
 * probabilities: the encoding is part of the graph, so a server needs nothing but the model.
 * <pre>
 *   features[batch,13] ─ Gather(continuous) ─ Sub(mean) ─ Div(std) ─┐
 *                      ─ Gather(key) ─ Equal(categories) ─ Cast ───┤ Concat ─ Gemm ─ Relu ─ … ─ Gemm ─ Sigmoid
 *                      ─ Gather(mode) ─ …  Gather(time_signature) ─┘                                 probabilities[batch,N]
 * </pre>
 * Metadata: playlist names and ids (output order), feature order, the encoding, and whatever the caller adds.
 */
public final class OnnxExport {

    public static final String INPUT = "features";
    public static final String OUTPUT = "probabilities";
    public static final String ENCODED = "encoded";
    public static final String LOGITS = "logits";

    private OnnxExport() {
    }

    public static byte[] toOnnx(Network network, List<String> playlistNames, Map<String, String> metadata) {
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
            Network.Layer layer = network.layers().get(l);
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
        meta.put("vibe.encoding", new String(dev.vibe.common.json.EventJson.write(enc), java.nio.charset.StandardCharsets.UTF_8));
        meta.putAll(metadata);
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(8)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setProducerName("vibe")
                .setProducerVersion("0.1")
                .setDocString("Vibe: probability that a song fits each playlist. Input: the 13 raw Spotify audio features.")
                .setGraph(g);
        meta.forEach((k, v) -> model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build().toByteArray();
    }

    private static ValueInfoProto tensorInfo(String name, int width) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width))
                .build();
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    private static NodeProto node(String op, List<String> inputs, String output, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(output + "_" + op).addAllInput(inputs).addOutput(output);
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        return n.build();
    }

    private static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    private static TensorProto floats(String name, float[] values, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        for (float v : values) {
            t.addFloatData(v);
        }
        return t.build();
    }

    private static TensorProto matrix(String name, float[][] m) {
        float[] flat = new float[m.length * m[0].length];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, flat, i * m[0].length, m[0].length);
        }
        return floats(name, flat, m.length, m[0].length);
    }

    private static TensorProto int64(String name, long[] values) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64.getNumber()).addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        return t.build();
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
