package io.bstack.tx;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Values a write transaction's callers decoded from bytes the transaction itself changed (see
 * {@link io.bstack.stack.ByteStack#keepDecoded}), kept until its commit shares them with later
 * transactions. A later change overlapping a range drops its value, so what is left at commit is
 * exactly what the committed bytes decode to. Not thread-safe: owned by one {@link Overlay}.
 */
final class Publications {

    record Decoded(long offset, int length, Object value) {}

    private final TreeMap<Long, Decoded> byOffset = new TreeMap<>();
    private int longest;

    void add(long offset, int length, Object value) {
        byOffset.put(offset, new Decoded(offset, length, value));
        longest = Math.max(longest, length);
    }

    /** The value kept for exactly {@code [offset, offset+length)}, or null. */
    Object get(long offset, int length) {
        Decoded d = byOffset.get(offset);
        return d != null && d.length == length ? d.value : null;
    }

    /** Bytes {@code [from, to)} changed: drops every value decoded from any of them. */
    void changed(long from, long to) {
        if (byOffset.isEmpty() || to <= from) {
            return;
        }
        Map<Long, Decoded> near = byOffset.subMap(Math.max(0, from - longest + 1), true, to, false);
        near.values().removeIf(d -> d.offset + d.length > from);
    }

    void clear() {
        byOffset.clear();
    }

    void forEach(Consumer<Decoded> action) {
        byOffset.values().forEach(action);
    }
}
