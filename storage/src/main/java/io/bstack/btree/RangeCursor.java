package io.bstack.btree;

import java.io.IOException;

/**
 * Walks the entries of a tree whose keys lie in a {@link KeyRange}, in key order or (reverse) in
 * descending key order, reading lazily: each {@link #next} moves one entry. Behaves as {@link Cursor}
 * when the tree changes under it. Not thread-safe.
 */
public final class RangeCursor {
    private final Cursor cursor;
    private final KeyRange range;
    private final boolean reverse;
    private boolean started;
    private boolean done;

    RangeCursor(Cursor cursor, KeyRange range, boolean reverse) {
        this.cursor = cursor;
        this.range = range;
        this.reverse = reverse;
        this.done = range.empty();
    }

    /** Moves to the first (then the next) entry in the range; false once past its end. */
    public boolean next() throws IOException {
        if (done) {
            return false;
        }
        boolean ok;
        if (!started) {
            started = true;
            if (!reverse) {
                ok = cursor.seek(range.low());
            } else {
                byte[] high = range.high();
                ok = high == null ? cursor.last() : cursor.seek(high) ? cursor.previous() : cursor.last();
            }
        } else {
            ok = reverse ? cursor.previous() : cursor.next();
        }
        if (ok) {
            byte[] k = cursor.key();
            ok = reverse ? range.above(k) : range.below(k);
        }
        done = !ok;
        return ok;
    }

    /** The current key. */
    public byte[] key() {
        return cursor.key();
    }

    /** The current value. */
    public byte[] value() throws IOException {
        return cursor.value();
    }
}
