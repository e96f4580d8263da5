package io.bstack.btree;

import io.bstack.alloc.Region;
import java.io.IOException;
import java.io.InputStream;

/**
 * Where {@link RowFormat} puts a column value too large to keep inside its row, and where
 * {@link RowView} reads it back from. The row keeps only the 16-byte {@link Region} (offset,
 * length) that {@link #spill} returns. The tree layer implements it over the allocator; the codec
 * never frees a region (the tree does, when it drops or rewrites the row). Implementations say
 * their own thread-safety; the codec calls them from the thread that writes or reads the row.
 */
public interface OverflowStore {
    /**
     * Stores {@code value} durably enough for the caller's transaction and returns where: the
     * region's length must equal {@code value.length}.
     */
    Region spill(byte[] value) throws IOException;

    /**
     * Stores the next {@code length} bytes of {@code in} like {@link #spill(byte[])}. Stores over
     * files read and write them in chunks so that the value never sits on the heap whole; this
     * default reads it whole.
     *
     * @throws LobStreamException if the stream ends before {@code length} bytes
     */
    default Region spill(InputStream in, long length) throws IOException {
        if (length > Integer.MAX_VALUE - 16) {
            throw new RecordFormatException("this store cannot take a value of " + length + " bytes");
        }
        byte[] value = in.readNBytes((int) length);
        if (value.length != length) {
            throw new LobStreamException("the value's stream ended after " + value.length + " of " + length + " bytes");
        }
        return spill(value);
    }

    /**
     * A stream over the {@code length} bytes stored at {@code offset} by an earlier
     * {@link #spill}. A region the store never handed out may raise any {@link IOException}.
     */
    InputStream open(long offset, long length) throws IOException;
}
