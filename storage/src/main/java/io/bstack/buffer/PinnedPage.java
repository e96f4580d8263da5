package io.bstack.buffer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A pin on one resident page; guarantees the page stays in its frame (is never evicted) from
 * {@link BufferPool#pin} until {@link #unpin} or {@link #close}, that the pin is released exactly
 * once, and that every accessor throws {@link IllegalStateException} once the pin is released.
 *
 * <p>The raw view from {@link #segment()} cannot outlive the pin either: it is scoped to a confined
 * arena made on the first call and closed at unpin, so touching it afterwards throws
 * {@link IllegalStateException}. (The arena is made only when asked for, so a pin that uses only the
 * accessors costs no arena.) Thread-safety: a handle may be passed between threads, but a view from
 * {@code segment()} is usable by the thread that asked for it only, and that thread must release the
 * pin; concurrent writers to one page must coordinate among themselves (the pool latches frames,
 * not bytes). Call {@link #markDirty} after the last write to the page.
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
    private volatile Arena view; // made by segment() under this, closed when the pin is released

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

    /**
     * The page's bytes as a view that dies when the pin is released; usable by the calling thread
     * only (a confined scope), which must also release the pin.
     */
    @SuppressWarnings("restricted") // same address and size as the frame, which the pin keeps resident
    public synchronized MemorySegment segment() {
        checkPinned();
        if (view == null) {
            view = Arena.ofConfined();
        }
        return frame.segment.reinterpret(view, null);
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

    /** Copies {@code n} bytes from page offset {@code offset} into {@code dst[off, off+n)}. */
    public void read(long offset, byte[] dst, int off, int n) {
        checkPinned();
        MemorySegment.copy(frame.segment, ValueLayout.JAVA_BYTE, offset, dst, off, n);
    }

    /** Copies {@code src[off, off+n)} to page offset {@code offset}; does not mark the page dirty. */
    public void write(long offset, byte[] src, int off, int n) {
        checkPinned();
        MemorySegment.copy(src, off, frame.segment, ValueLayout.JAVA_BYTE, offset, n);
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
        release();
    }

    /** Releases the pin if it is still held; a no-op otherwise, so it composes with {@link #unpin}. */
    @Override
    public void close() {
        if (RELEASED.compareAndSet(this, false, true)) {
            release();
        }
    }

    /** Revokes the view, if one was made, then gives the pin back (even if revoking fails). */
    private void release() {
        Arena v = view; // a plain pin never made one: no lock on the common path
        if (v != null) {
            synchronized (this) {
                v = view;
                view = null;
            }
        }
        try {
            if (v != null) {
                v.close();
            }
        } catch (WrongThreadException e) {
            throw new IllegalStateException("page " + pageId + ": its segment() view belongs to another thread,"
                    + " which must release the pin; the pin is released, that thread's view was not revoked", e);
        } finally {
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
