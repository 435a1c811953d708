package dev.vibe.scoring.domain;

import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.common.schema.FeatureSchema;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * The songs recommendations are picked from, as the scoring service learns them from ingest's events: every stored
 * song (feature records) and every loaded catalogue (catalogue parts). Kept compactly, without an object per song:
 * the 13 features of song {@code i} at {@code features[13 i ..]}, its id, name and artists as UTF-8 in one byte array,
 * an open-addressing index from track id to row in an int array, and pools as bit sets over rows.
 *
 * <p>One writer (the event feed) and many readers (recommendation requests): {@link #read} holds a read lock while a
 * request ranks, writes take the write lock.
 */
@Singleton
public final class CandidateSongs {

    private static final int D = FeatureSchema.SIZE;
    private static final byte FIELD = 0x1f;
    private static final byte ARTIST = 0x1e;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private float[] features = new float[1024 * D];
    private byte[] text = new byte[64 * 1024];
    private int textEnd;
    private int[] textStart = new int[1024];
    private int[] textLength = new int[1024];
    private int[] artist = new int[1024];
    private long[] version = new long[1024]; // feature record version; 0 = known from a catalogue only
    private int size;
    private int[] slots = new int[2048]; // row + 1, 0 = empty
    private final BitSet stored = new BitSet();
    private final Map<String, Catalogue> catalogues = new TreeMap<>();
    private final Map<String, Integer> artistIds = new HashMap<>();
    private volatile boolean caughtUp;

    /** A catalogue's newest load: which parts of it arrived and which rows they hold. */
    private static final class Catalogue {
        Instant loadedAt;
        int parts;
        final BitSet partsSeen = new BitSet();
        final BitSet rows = new BitSet();
    }

    /** A pool: the rows it holds (read under {@link #read}). */
    public record Pool(String id, BitSet rows) {
        public int size() {
            return rows.cardinality();
        }
    }

    /** What is known of one pool, for listings. */
    public record PoolInfo(String id, String description, int songs, boolean complete) {
    }

    /** A stored song's features (a feature record); a higher version replaces a lower one, an older one is ignored. */
    public void putStored(String trackId, long recordVersion, String name, List<String> artists, AudioFeatures f) {
        lock.writeLock().lock();
        try {
            int row = rowOf(trackId);
            if (row >= 0 && version[row] >= recordVersion) {
                stored.set(row);
                return;
            }
            row = upsert(trackId, name, artists, f, row);
            version[row] = recordVersion;
            stored.set(row);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * One part of a catalogue load. Parts of an older load than the newest seen are ignored; the first part of a newer
     * load empties the catalogue, so songs a reload no longer has leave it.
     */
    public void putCataloguePart(String name, Instant loadedAt, int part, int parts, List<CatalogueSong> songs) {
        lock.writeLock().lock();
        try {
            Catalogue c = catalogues.computeIfAbsent(name, n -> new Catalogue());
            if (c.loadedAt != null && loadedAt.isBefore(c.loadedAt)) {
                return;
            }
            if (c.loadedAt == null || loadedAt.isAfter(c.loadedAt)) {
                c.loadedAt = loadedAt;
                c.parts = parts;
                c.partsSeen.clear();
                c.rows.clear();
            }
            c.partsSeen.set(part);
            for (CatalogueSong s : songs) {
                int row = rowOf(s.trackId());
                if (row < 0 || version[row] == 0) { // a stored song's own features win over a catalogue's
                    row = upsert(s.trackId(), s.name(), s.artists(), s.features(), row);
                }
                c.rows.set(row);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A catalogue song as a part carries it. */
    public record CatalogueSong(String trackId, String name, List<String> artists, AudioFeatures features) {
    }

    /** Runs {@code work} with the songs held still (no event is applied meanwhile). */
    public <T> T read(Function<CandidateSongs, T> work) {
        lock.readLock().lock();
        try {
            return work.apply(this);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The pool named {@code id}: {@code all}, {@code stored} (every stored song) or {@code catalogue:NAME}; null if unknown.
     * Call inside {@link #read}.
     */
    public Pool pool(String id) {
        if (id.equals("all")) {
            return new Pool(id, all());
        }
        if (id.equals("stored")) {
            return new Pool(id, (BitSet) stored.clone());
        }
        if (id.startsWith("catalogue:")) {
            Catalogue c = catalogues.get(id.substring("catalogue:".length()));
            return c == null ? null : new Pool(id, (BitSet) c.rows.clone());
        }
        return null;
    }

    /** The pools there are: all, stored songs, then each catalogue. */
    public List<PoolInfo> pools() {
        lock.readLock().lock();
        try {
            List<PoolInfo> out = new ArrayList<>();
            out.add(new PoolInfo("all", "every song Vibe knows (stored songs and catalogues)", all().cardinality(),
                    caughtUp && catalogues.values().stream().allMatch(c -> c.partsSeen.cardinality() == c.parts)));
            out.add(new PoolInfo("stored", "every song stored by ingest", stored.cardinality(), true));
            catalogues.forEach((name, c) -> out.add(new PoolInfo("catalogue:" + name, "the catalogue '" + name + "'", c.rows.cardinality(),
                    c.partsSeen.cardinality() == c.parts)));
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Stored songs and the songs of every catalogue's newest load (a song a reload dropped is in no pool). */
    private BitSet all() {
        BitSet all = (BitSet) stored.clone();
        catalogues.values().forEach(c -> all.or(c.rows));
        return all;
    }

    /** Copies the features of {@code rows[from..to)} one song after another into {@code out}. Call inside {@link #read}. */
    public void copyFeatures(int[] rows, int from, int to, float[] out) {
        for (int i = from; i < to; i++) {
            System.arraycopy(features, rows[i] * D, out, (i - from) * D, D);
        }
    }

    /** Features of one row (a copy). */
    public float[] features(int row) {
        return Arrays.copyOfRange(features, row * D, row * D + D);
    }

    public int size() {
        return size;
    }

    /** True once every event published before this service started has been applied. */
    public boolean caughtUp() {
        return caughtUp;
    }

    public void markCaughtUp() {
        caughtUp = true;
    }

    public int rowOf(String trackId) {
        int mask = slots.length - 1;
        for (int s = hash(trackId) & mask; slots[s] != 0; s = (s + 1) & mask) {
            int row = slots[s] - 1;
            if (idEquals(row, trackId)) {
                return row;
            }
        }
        return -1;
    }

    public String trackId(int row) {
        return field(row, 0);
    }

    public String name(int row) {
        return field(row, 1);
    }

    public List<String> artists(int row) {
        String all = field(row, 2);
        return all.isEmpty() ? List.of() : List.of(all.split(String.valueOf((char) ARTIST)));
    }

    /**
     * What songs by the same artist share for the cap per artist: the first artist, trimmed and lower-cased; null if
     * the song names none.
     */
    public static String firstArtist(List<String> artists) {
        String first = artists.isEmpty() ? "" : artists.get(0).strip().toLowerCase(Locale.ROOT);
        return first.isEmpty() ? null : first;
    }

    /** The first artist of the song, as a number (songs by the same first artist share it); -1 if none. */
    public int artistKey(int row) {
        return artist[row];
    }

    /** Bytes of heap this store holds for its songs (arrays and index; the per-artist map is counted per entry). */
    public long bytes() {
        lock.readLock().lock();
        try {
            return heapBytes();
        } finally {
            lock.readLock().unlock();
        }
    }

    private long heapBytes() {
        return 4L * features.length + text.length + 4L * (textStart.length + textLength.length + artist.length + slots.length)
                + 8L * version.length + stored.size() / 8 + catalogues.values().stream().mapToLong(c -> c.rows.size() / 8).sum()
                + 64L * artistIds.size();
    }

    private int upsert(String trackId, String name, List<String> artists, AudioFeatures f, int existing) {
        int row = existing;
        if (row < 0) {
            row = size++;
            grow(size);
            insertSlot(trackId, row);
        }
        float[] raw = new float[D];
        Arrays.fill(raw, Float.NaN);
        f.copyTo(raw, 0);
        System.arraycopy(raw, 0, features, row * D, D);
        writeText(row, trackId, name == null ? "" : name, artists);
        String first = firstArtist(artists);
        artist[row] = first == null ? -1 : artistIds.computeIfAbsent(first, a -> artistIds.size());
        return row;
    }

    private void writeText(int row, String trackId, String name, List<String> artists) {
        byte[] id = trackId.getBytes(StandardCharsets.UTF_8);
        byte[] n = name.replace((char) FIELD, ' ').getBytes(StandardCharsets.UTF_8);
        byte[] a = String.join(String.valueOf((char) ARTIST), artists.stream().map(s -> s.replace((char) FIELD, ' ').replace((char) ARTIST, ' ')).toList())
                .getBytes(StandardCharsets.UTF_8);
        int length = id.length + 1 + n.length + 1 + a.length;
        if (textEnd + length > text.length) {
            text = Arrays.copyOf(text, Math.max(text.length * 2, textEnd + length));
        }
        int at = textEnd;
        System.arraycopy(id, 0, text, at, id.length);
        text[at + id.length] = FIELD;
        System.arraycopy(n, 0, text, at + id.length + 1, n.length);
        text[at + id.length + 1 + n.length] = FIELD;
        System.arraycopy(a, 0, text, at + id.length + 2 + n.length, a.length);
        textStart[row] = at;
        textLength[row] = length;
        textEnd += length; // a replaced song's old text stays behind: names rarely change
    }

    private String field(int row, int which) {
        int start = textStart[row];
        int end = start + textLength[row];
        int from = start;
        for (int f = 0; f < which; f++) {
            while (text[from] != FIELD) {
                from++;
            }
            from++;
        }
        int to = from;
        while (to < end && text[to] != FIELD) {
            to++;
        }
        return new String(text, from, to - from, StandardCharsets.UTF_8);
    }

    private boolean idEquals(int row, String trackId) {
        int start = textStart[row];
        int n = trackId.length();
        // track ids are ASCII (base-62 or derived hex), so bytes compare one to one with chars
        for (int i = 0; i < n; i++) {
            if (start + i >= text.length || text[start + i] != (byte) trackId.charAt(i)) {
                return false;
            }
        }
        return text[start + n] == FIELD;
    }

    private void grow(int rows) {
        if (rows > textStart.length) {
            int n = Math.max(rows, textStart.length * 2);
            features = Arrays.copyOf(features, n * D);
            textStart = Arrays.copyOf(textStart, n);
            textLength = Arrays.copyOf(textLength, n);
            artist = Arrays.copyOf(artist, n);
            version = Arrays.copyOf(version, n);
        }
        if (rows * 2 > slots.length) {
            int[] old = slots;
            slots = new int[old.length * 2];
            for (int s : old) {
                if (s != 0) {
                    insertSlot(trackId(s - 1), s - 1);
                }
            }
        }
    }

    private void insertSlot(String trackId, int row) {
        int mask = slots.length - 1;
        int s = hash(trackId) & mask;
        while (slots[s] != 0) {
            s = (s + 1) & mask;
        }
        slots[s] = row + 1;
    }

    private static int hash(String id) {
        int h = id.hashCode();
        return h ^ (h >>> 16);
    }
}
