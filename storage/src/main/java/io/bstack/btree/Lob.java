package io.bstack.btree;

import java.io.IOException;
import java.io.InputStream;

/**
 * A VARCHAR or VARBINARY value carried by reference instead of as a {@code String} or
 * {@code byte[]}: its payload (UTF-8 for text, the bytes for binary) is read as a stream each time
 * it is {@link #open opened}, so a value of any size crosses the layers without sitting on the heap.
 * {@link RowFormat} accepts one wherever a {@code String} or {@code byte[]} goes and streams it
 * into an overflow region in chunks; {@link RowView#lob} hands out one over a stored value.
 * Implementations say how long they stay readable and whether they are thread-safe.
 */
public interface Lob {
    /** Whether the payload is UTF-8 text (a VARCHAR value) rather than bytes (VARBINARY). */
    boolean isText();

    /** The payload's length in bytes (UTF-8 bytes for text, not characters). */
    long length();

    /** A new stream over the payload from byte {@code from} on (0-based); exactly {@code length() - from} bytes. */
    InputStream open(long from) throws IOException;

    /**
     * The whole value as a {@code String} (text) or {@code byte[]} (binary), read now.
     *
     * @throws RecordFormatException if it is too large for one array or its stream ends early
     */
    default Object materialise() throws IOException {
        long n = length();
        if (n > Integer.MAX_VALUE - 16) {
            throw new RecordFormatException("a value of " + n + " bytes is too large to materialise");
        }
        byte[] payload;
        try (InputStream in = open()) {
            payload = in.readNBytes((int) n);
        }
        if (payload.length != n) {
            throw new LobStreamException("the value's stream ended after " + payload.length + " of " + n + " bytes");
        }
        return RowPayloadCodec.decode(isText() ? SqlType.VARCHAR : SqlType.VARBINARY, payload, 0, payload.length);
    }

    /** A new stream over the whole payload. */
    default InputStream open() throws IOException {
        return open(0);
    }
}
