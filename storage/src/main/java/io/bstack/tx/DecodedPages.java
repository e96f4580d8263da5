package io.bstack.tx;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Values decoded from byte ranges of the database (tree nodes), shared by every transaction of a
 * store, so a transaction finds what earlier ones decoded instead of decoding again (see
 * {@link io.bstack.stack.ByteStack#decoded}). At most {@code capacity} entries, least recently used
 * go first.
 *
 * <p>Validity: an entry decoded from the state at commit {@code S} is right for a view of commit
 * {@code R} when no commit after {@code min(R, S)} changed a page of its range; each page remembers
 * the last commit that changed it ({@link #committed}, at queueing, before any view can see that
 * commit; a commit that cut the length counts as changing every page from the cut to the old end).
 * Sequences are never reused. A taken-back commit ({@link #takenBack}) empties the cache and starts
 * a new epoch: transactions begun before it (which may have read the taken-back state) neither
 * read nor add entries after it.
 *
 * <p>Thread-safety: every method is synchronized; values must be immutable (shared across threads).
 */
final class DecodedPages {

    private record Decoding(int length, long seq, long epoch, Object value) {}

    private final int pageSize;
    private int capacity;
    private final Map<Long, Decoding> entries;
    private long[] lastChange = new long[256];
    private long epoch;
    private long len;

    DecodedPages(int pageSize, int capacity, long len) {
        this.pageSize = pageSize;
        this.capacity = capacity;
        this.len = len;
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Decoding> eldest) {
                return size() > DecodedPages.this.capacity;
            }
        };
    }

    synchronized long epoch() {
        return epoch;
    }

    synchronized int size() {
        return entries.size();
    }

    /** The value decoded from {@code [offset, offset+length)} as a view of commit {@code viewSeq} reads it, or null. */
    synchronized Object get(long offset, int length, long viewSeq, long viewEpoch) {
        if (capacity == 0 || viewEpoch != epoch) {
            return null;
        }
        Decoding e = entries.get(offset);
        if (e == null || e.length != length || e.epoch != epoch) {
            return null;
        }
        if (!unchangedSince(offset, length, Math.min(viewSeq, e.seq))) {
            return null;
        }
        return e.value;
    }

    /** Keeps {@code value}, decoded from {@code [offset, offset+length)} as of commit {@code seq}. */
    synchronized void put(long offset, int length, long seq, long viewEpoch, Object value) {
        if (capacity == 0 || viewEpoch != epoch) {
            return;
        }
        Decoding old = entries.get(offset);
        if (old != null && old.seq > seq && old.length == length) {
            return; // keep the newer decoding
        }
        entries.put(offset, new Decoding(length, seq, epoch, value));
    }

    /** Commit {@code rec} was queued: its pages (and any length cut) changed at its sequence. */
    synchronized void committed(CommitRecord rec) {
        long seq = rec.seq();
        for (long pageNo : rec.pages().keySet()) {
            mark(pageNo, seq);
        }
        if (rec.minLen() < len) {
            long last = (len - 1) / pageSize;
            for (long p = rec.minLen() / pageSize; p <= last; p++) {
                mark(p, seq);
            }
        }
        len = rec.len();
    }

    /** Queued commits were taken back: nothing decoded so far, or by an older transaction, counts. */
    synchronized void takenBack(long lenNow) {
        epoch++;
        entries.clear();
        len = lenNow;
    }

    private void mark(long pageNo, long seq) {
        if (pageNo >= lastChange.length) {
            long want = Math.max(pageNo + 1, (long) lastChange.length * 2);
            if (want > Integer.MAX_VALUE - 8) {
                // beyond what one array indexes: stop caching rather than be wrong
                capacity = 0;
                entries.clear();
                return;
            }
            lastChange = java.util.Arrays.copyOf(lastChange, (int) want);
        }
        lastChange[(int) pageNo] = Math.max(lastChange[(int) pageNo], seq);
    }

    private boolean unchangedSince(long offset, int length, long seq) {
        long first = offset / pageSize;
        long last = (offset + length - 1) / pageSize;
        for (long p = first; p <= last; p++) {
            if (p < lastChange.length && lastChange[(int) p] > seq) {
                return false;
            }
        }
        return true;
    }
}
