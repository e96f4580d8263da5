package io.bstack.buffer;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A page store on the Java heap for tests (the durable side, not the pool); counts every call. */
final class MemoryPageStore implements PageStore {

    private final int pageSize;
    private final Map<Long, byte[]> pages = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> readsByPage = new ConcurrentHashMap<>();
    final AtomicLong reads = new AtomicLong();
    final AtomicLong writes = new AtomicLong();
    volatile CountDownLatch readGate;
    volatile boolean failWrites;

    MemoryPageStore(int pageSize) {
        this.pageSize = pageSize;
    }

    @Override
    public void read(long pageId, MemorySegment dst) {
        if (dst.byteSize() != pageSize) {
            throw new AssertionError("read into " + dst.byteSize() + " bytes");
        }
        CountDownLatch gate = readGate;
        if (gate != null) {
            try {
                if (!gate.await(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("read gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        reads.incrementAndGet();
        readsByPage.computeIfAbsent(pageId, k -> new AtomicInteger()).incrementAndGet();
        byte[] bytes = pages.get(pageId);
        if (bytes == null) {
            dst.fill((byte) 0);
        } else {
            MemorySegment.copy(bytes, 0, dst, ValueLayout.JAVA_BYTE, 0, pageSize);
        }
    }

    @Override
    public void write(long pageId, MemorySegment src) {
        if (failWrites) {
            throw new IllegalStateException("injected write failure for page " + pageId);
        }
        writes.incrementAndGet();
        pages.put(pageId, src.toArray(ValueLayout.JAVA_BYTE));
    }

    /** Replaces the stored bytes of a page behind the pool's back (as a file rewrite would). */
    void put(long pageId, byte[] bytes) {
        if (bytes.length != pageSize) {
            throw new AssertionError("put of " + bytes.length + " bytes");
        }
        pages.put(pageId, bytes.clone());
    }

    /** The stored bytes of a page, or null if never written. */
    byte[] stored(long pageId) {
        return pages.get(pageId);
    }

    int readsOf(long pageId) {
        AtomicInteger n = readsByPage.get(pageId);
        return n == null ? 0 : n.get();
    }
}
