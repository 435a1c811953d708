package dev.vibe.common.model;

/**
 * The names of a model's ONNX graph that the trainer writes and the scoring service reads: the one place they are
 * spelled.
 */
public final class ModelGraph {

    private ModelGraph() {
    }

    /** Input: the 13 raw audio features [batch, 13] in schema order, NaN for a missing time signature. */
    public static final String INPUT = "features";
    /** Output: the absolute chance per playlist that the song belongs on it, against the world [batch, N]. */
    public static final String OUTPUT = "probabilities";
    /** Output: the chance per playlist given that the song is on one of the playlists [batch, N]; absent in older models. */
    public static final String CONDITIONAL = "conditional";
    /** Metadata: the training songs' standardisation ({@link FeatureEncoding}), the space explanations measure in. */
    public static final String ENCODING = "vibe.encoding";
    /** Metadata: a song fits none of the playlists when its best absolute chance is below this; absent in older models. */
    public static final String FITS_NONE_BELOW = "vibe.fits_none_below";
}
