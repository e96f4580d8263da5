package io.bstack.btree;

import io.bstack.alloc.Region;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An {@link OverflowStore} over one growing in-memory arena, counting what it serves so tests
 * can check that streamed reads never materialise a value.
 */
final class CodecTestOverflowStore implements OverflowStore {
    /** A region this store never handed out (a garbled reference). */
    static final class UnknownRegionException extends IOException {
        private static final long serialVersionUID = 1L;

        UnknownRegionException(String message) {
            super(message);
        }
    }

    private final ByteArrayOutputStream arena = new ByteArrayOutputStream();
    int spills;
    int opens;
    long bytesServed;

    @Override
    public Region spill(byte[] value) {
        spills++;
        Region r = new Region(arena.size() + 7L, value.length);
        arena.writeBytes(new byte[7]);
        arena.writeBytes(value);
        return r;
    }

    @Override
    public InputStream open(long offset, long length) throws IOException {
        byte[] bytes = arena.toByteArray();
        if (offset < 0 || length < 0 || offset > bytes.length || length > bytes.length - offset) {
            throw new UnknownRegionException("no region [" + offset + " + " + length + ")");
        }
        opens++;
        return new InputStream() {
            private int pos = (int) offset;
            private final int end = (int) (offset + length);

            @Override
            public int read() {
                if (pos >= end) {
                    return -1;
                }
                bytesServed++;
                return bytes[pos++] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                if (pos >= end) {
                    return -1;
                }
                int n = Math.min(len, end - pos);
                System.arraycopy(bytes, pos, b, off, n);
                pos += n;
                bytesServed += n;
                return n;
            }
        };
    }
}
