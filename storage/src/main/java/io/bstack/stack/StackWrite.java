package io.bstack.stack;

import java.util.Objects;

/** One entry of {@link BStack#setBatched}: write {@code data} at payload {@code offset}. */
public record StackWrite(long offset, byte[] data) {
    public StackWrite {
        Objects.requireNonNull(data, "data");
    }
}
