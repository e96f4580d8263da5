package io.bstack.buffer;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A pin on one resident page; guarantees the page stays in its frame (is never evicted) from
 * {@link BufferPool#pin} until {@link #unpin} or {@link #close}, that the pin is released exactly
 * once, and that every accessor throws {@link IllegalStateException} once the pin is released.
 *
 * <p>The raw {@link #segment()} is not revoked at unpin (revoking would cost an arena per pin):
 * a caller must not keep it past the pin. Thread-safety: a handle may be passed between threads;
 * concurrent writers to one page must coordinate among themselves (the pool latches frames, not
 * bytes). Call {@link #markDirty} after the last write to the page.
 */
public final class PinnedPage implements AutoCloseable {

    private static final VarHandle RELEASED;

    static {
        try {
            RELEASED = MethodHandles.lookup().findVarHandle(PinnedPage.class, "released", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Frame frame;
    private final long pageId;
    private volatile boolean released;

    PinnedPage(Frame frame, long pageId) {
        this.frame = frame;
        this.pageId = pageId;
    }

    /** The id of the pinned page. */
    public long pageId() {
        return pageId;
    }

    /** Whether this handle still holds its pin. */
    public boolean isPinned() {
        return !released;
    }

    /** The page's bytes; valid only while pinned, and must not be retained past the pin. */
    public MemorySegment segment() {
        checkPinned();
        return frame.segment;
    }

    /** The page size in bytes. */
    public long size() {
        return frame.segment.byteSize();
    }

    /** Reads a byte at {@code offset}. */
    public byte getByte(long offset) {
        checkPinned();
        return frame.segment.get(ValueLayout.JAVA_BYTE, offset);
    }

    /** Writes a byte at {@code offset}; does not mark the page dirty. */
    public void setByte(long offset, byte value) {
        checkPinned();
        frame.segment.set(ValueLayout.JAVA_BYTE, offset, value);
    }

    /** Reads a native-order long at {@code offset} (any alignment). */
    public long getLong(long offset) {
        checkPinned();
        return frame.segment.get(ValueLayout.JAVA_LONG_UNALIGNED, offset);
    }

    /** Writes a native-order long at {@code offset} (any alignment); does not mark the page dirty. */
    public void setLong(long offset, long value) {
        checkPinned();
        frame.segment.set(ValueLayout.JAVA_LONG_UNALIGNED, offset, value);
    }

    /** Records that the page was modified, so it is written back before its frame is reused. */
    public void markDirty() {
        checkPinned();
        if (!frame.dirty) {
            frame.dirty = true;
        }
    }

    /**
     * Releases the pin.
     *
     * @throws IllegalStateException if this handle was already unpinned or closed
     */
    public void unpin() {
        if (!RELEASED.compareAndSet(this, false, true)) {
            throw new IllegalStateException("page " + pageId + " is already unpinned");
        }
        frame.unpin();
    }

    /** Releases the pin if it is still held; a no-op otherwise, so it composes with {@link #unpin}. */
    @Override
    public void close() {
        if (RELEASED.compareAndSet(this, false, true)) {
            frame.unpin();
        }
    }

    private void checkPinned() {
        if (released) {
            throw new IllegalStateException("page " + pageId + " is used after unpin");
        }
    }

    @Override
    public String toString() {
        return "PinnedPage[" + pageId + (released ? ", released]" : "]");
    }
}
