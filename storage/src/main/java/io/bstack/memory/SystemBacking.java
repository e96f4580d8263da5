package io.bstack.memory;

import io.bstack.memory.AllocatorMisuseException.Misuse;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An unbounded allocator over the C heap ({@code posix_memalign} / {@code free}); guarantees each
 * block is freed to the C heap exactly once (at free, reset or close), and that foreign blocks,
 * wrong layouts, double frees and blocks from before a reset throw instead of reaching {@code free}.
 * Methods are serialized on the instance.
 */
public final class SystemBacking implements Allocator, AutoCloseable {

    /** posix_memalign needs a multiple of sizeof(void*); 16 also covers max_align_t. */
    private static final long MIN_ALIGNMENT = 16;

    private final Map<Long, Layout> live = new HashMap<>();
    private final Set<Long> freedSinceIssued = new HashSet<>();
    private final AtomicLong misuses = new AtomicLong();
    private Arena epoch = Arena.ofShared();
    private boolean closed;

    private SystemBacking() {
    }

    /**
     * A new C-heap allocator.
     *
     * @throws NativeMemoryException if native access is not granted or this is not Linux
     */
    public static SystemBacking create() {
        NativeAccess.requireNative("SystemBacking");
        return new SystemBacking();
    }

    @Override
    @SuppressWarnings("restricted") // native access was checked in create()
    public synchronized MemorySegment allocate(Layout layout) {
        ensureOpen();
        int[] error = new int[1];
        long address = Libc.posixMemalign(Math.max(MIN_ALIGNMENT, layout.alignment()), layout.size(), error);
        if (address == 0) {
            throw new NativeMemoryException("SystemBacking: posix_memalign of " + layout + " failed: "
                    + Libc.describe(error[0]), error[0]);
        }
        NativeMemoryLedger.acquired(layout.size());
        live.put(address, layout);
        freedSinceIssued.remove(address);
        return MemorySegment.ofAddress(address).reinterpret(layout.size(), epoch, null);
    }

    @Override
    public synchronized void free(MemorySegment block, Layout layout) {
        long address = checkLive(block, layout);
        live.remove(address);
        freedSinceIssued.add(address);
        release(address, layout);
    }

    @Override
    public synchronized void reset() {
        ensureOpen();
        freeAll();
        epoch = Arena.ofShared();
    }

    @Override
    public synchronized OptionalLong usableSize(MemorySegment block, Layout layout) {
        checkLive(block, layout);
        return OptionalLong.of(layout.size());
    }

    @Override
    public OptionalLong capacityBytes() {
        return OptionalLong.empty();
    }

    @Override
    public long corruptionEvents() {
        return misuses.get();
    }

    /** Number of blocks currently live. */
    public synchronized int liveBlocks() {
        return live.size();
    }

    /** Frees every live block and closes; idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            freeAll();
        }
    }

    private void freeAll() {
        epoch.close();
        List<Map.Entry<Long, Layout>> blocks = new ArrayList<>(live.entrySet());
        live.clear();
        freedSinceIssued.clear();
        for (Map.Entry<Long, Layout> e : blocks) {
            release(e.getKey(), e.getValue());
        }
    }

    private static void release(long address, Layout layout) {
        Libc.free(address);
        NativeMemoryLedger.released(layout.size());
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("SystemBacking is closed");
        }
    }

    private long checkLive(MemorySegment block, Layout layout) {
        long address = block.address();
        if (!block.scope().isAlive()) {
            throw misuse(Misuse.STALE_AFTER_RESET, "block at 0x" + Long.toHexString(address)
                    + " was issued before the last reset or close");
        }
        if (!block.scope().equals(epoch.scope())) {
            throw misuse(Misuse.FOREIGN_BLOCK, "block at 0x" + Long.toHexString(address)
                    + " was not issued by this SystemBacking");
        }
        Layout expected = live.get(address);
        if (expected == null) {
            if (freedSinceIssued.contains(address)) {
                throw misuse(Misuse.DOUBLE_FREE, "block at 0x" + Long.toHexString(address) + " was already freed");
            }
            throw misuse(Misuse.FOREIGN_BLOCK, "0x" + Long.toHexString(address) + " is not the start of a live block");
        }
        if (!expected.equals(layout) || block.byteSize() != layout.size()) {
            throw misuse(Misuse.LAYOUT_MISMATCH, "block at 0x" + Long.toHexString(address) + " was allocated as "
                    + expected + " but handed back as " + layout + " with a segment of " + block.byteSize() + " bytes");
        }
        return address;
    }

    private AllocatorMisuseException misuse(Misuse kind, String message) {
        misuses.incrementAndGet();
        return new AllocatorMisuseException(kind, message);
    }
}
