package io.bstack.btree;

import java.util.Arrays;

/**
 * A half-open range of encoded keys, {@code [low, high)}: {@code low} is the least key in it (an
 * empty array: from the first key), {@code high} the least key past it ({@code null}: to the last
 * key). Built from {@link KeyEncoder#encodePrefix} and {@link KeyEncoder#successor}. Immutable
 * (the arrays are copied) and thread-safe.
 */
public record KeyRange(byte[] low, byte[] high) {
    /** Every key. */
    public static final KeyRange ALL = new KeyRange(new byte[0], null);

    public KeyRange {
        low = low == null ? new byte[0] : low.clone();
        high = high == null ? null : high.clone();
    }

    /** Every key that starts with {@code prefix}. */
    public static KeyRange prefix(byte[] prefix) {
        return new KeyRange(prefix, prefix.length == 0 ? null : KeyEncoder.successor(prefix));
    }

    @Override
    public byte[] low() {
        return low.clone();
    }

    @Override
    public byte[] high() {
        return high == null ? null : high.clone();
    }

    /** Whether no key can lie in the range. */
    public boolean empty() {
        return high != null && Arrays.compareUnsigned(low, high) >= 0;
    }

    boolean below(byte[] key) {
        return high == null || Arrays.compareUnsigned(key, high) < 0;
    }

    boolean above(byte[] key) {
        return Arrays.compareUnsigned(key, low) >= 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyRange r && Arrays.equals(low, r.low) && Arrays.equals(high, r.high);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(low) + Arrays.hashCode(high);
    }

    @Override
    public String toString() {
        return "KeyRange[" + Arrays.toString(low) + ", " + (high == null ? "end" : Arrays.toString(high)) + ")";
    }
}
