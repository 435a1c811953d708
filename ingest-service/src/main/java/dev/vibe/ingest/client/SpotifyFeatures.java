package dev.vibe.ingest.client;

import se.michaelthelin.spotify.model_objects.specification.AudioFeatures;

import java.util.ArrayList;
import java.util.List;

/** Spotify's audio features as spotify-web-api-java reads them, turned into the values of the feature schema. */
final class SpotifyFeatures {

    /** One track's 13 features in the schema's order (NaN where Spotify gave none). */
    record Of(String id, double[] values) {
    }

    private SpotifyFeatures() {
    }

    /** The tracks of an answer that have an id (Spotify answers null for tracks it does not know). */
    static List<Of> of(AudioFeatures[] answer) {
        List<Of> out = new ArrayList<>();
        if (answer == null) {
            return out;
        }
        for (AudioFeatures a : answer) {
            if (a != null && a.getId() != null) {
                out.add(new Of(a.getId(), values(a)));
            }
        }
        return out;
    }

    static double[] values(AudioFeatures a) {
        return new double[]{num(a.getDanceability()), num(a.getEnergy()), num(a.getKey()), num(a.getLoudness()),
                a.getMode() == null ? Double.NaN : a.getMode().getType(), num(a.getSpeechiness()), num(a.getAcousticness()),
                num(a.getInstrumentalness()), num(a.getLiveness()), num(a.getValence()), num(a.getTempo()),
                num(a.getDurationMs()), num(a.getTimeSignature())};
    }

    /** The value as Spotify wrote it: the library reads floats, whose shortest decimal is Spotify's JSON number. */
    private static double num(Number n) {
        if (n == null) {
            return Double.NaN;
        }
        return n instanceof Float f ? Double.parseDouble(f.toString()) : n.doubleValue();
    }
}
