package io.bstack.btree;

import io.bstack.alloc.BStackAllocator;
import io.bstack.alloc.BStackUninitAllocator;
import io.bstack.alloc.Region;
import io.bstack.stack.ByteStack;
import java.io.IOException;
import java.io.InputStream;

/**
 * The {@link OverflowStore} of a database: each spilled value is a region of the allocator, written
 * through the same stack (so inside a transaction it commits or rolls back with the row), read back
 * in chunks, and freed by the table when its row is deleted or rewritten. Not thread-safe.
 */
public final class RegionOverflow implements OverflowStore {

    /** The bytes written per call when a value is streamed in. */
    static final int CHUNK = 1 << 20;

    private final ByteStack stack;
    private final BStackAllocator alloc;

    public RegionOverflow(ByteStack stack, BStackAllocator alloc) {
        this.stack = stack;
        this.alloc = alloc;
    }

    @Override
    public Region spill(byte[] value) throws IOException {
        var h = allocWhole(value.length);
        h.write(0, value);
        return h.region();
    }

    /**
     * A region of {@code length} bytes that the caller writes whole at once: left unzeroed where
     * the allocator offers it ({@link BStackUninitAllocator}), so the zeros are not written first.
     */
    private io.bstack.alloc.RegionHandle allocWhole(long length) throws IOException {
        return alloc instanceof BStackUninitAllocator u ? u.allocUninit(length) : alloc.alloc(length);
    }

    @Override
    public Region spill(InputStream in, long length) throws IOException {
        var h = allocWhole(length);
        try {
            byte[] chunk = new byte[(int) Math.min(CHUNK, Math.max(1, length))];
            long at = 0;
            while (at < length) {
                int n = in.readNBytes(chunk, 0, (int) Math.min(chunk.length, length - at));
                if (n == 0) {
                    throw new LobStreamException("the value's stream ended after " + at + " of " + length + " bytes");
                }
                h.write(at, n == chunk.length ? chunk : java.util.Arrays.copyOf(chunk, n));
                at += n;
            }
        } catch (IOException | RuntimeException e) {
            alloc.dealloc(h);
            throw e;
        }
        return h.region();
    }

    @Override
    public InputStream open(long offset, long length) throws IOException {
        if (offset < 0 || length < 0 || offset + length > stack.len()) {
            throw new RecordFormatException("overflow region [" + offset + ", +" + length + ") lies outside the "
                    + stack.len() + "-byte database");
        }
        return io.bstack.alloc.RegionSlice.of(stack, new Region(offset, length)).reader();
    }

    /** Frees a region {@link #spill} returned. */
    public void free(Region region) throws IOException {
        alloc.dealloc(alloc.reclaim(region));
    }
}
