package io.bstack.tx;

import io.bstack.buffer.PageStore;
import io.bstack.stack.BStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The buffer pool's view of the main file: page {@code n} of the transactional view is main
 * payload {@code [pageSize * (n + 1), pageSize * (n + 2))} (page 0 of the file is the
 * superblock). Bytes beyond the main file's length read as zero. I/O errors surface as
 * {@link UncheckedIOException}, as {@link PageStore} requires.
 *
 * <p>Thread-safety: safe from any thread. Reads do not wait for the main file's lock: the pages a
 * checkpoint rewrites still resolve to their WAL versions until the checkpoint is done and their
 * frames are invalidated, so no reader reads a page while it is being written.
 */
final class MainPageStore implements PageStore {
    private final BStack main;
    private final int pageSize;

    MainPageStore(BStack main, int pageSize) {
        this.main = main;
        this.pageSize = pageSize;
    }

    @Override
    public void read(long pageId, MemorySegment dst) {
        byte[] buf = new byte[pageSize];
        long at = (pageId + 1) * pageSize;
        try {
            long avail = Math.min(pageSize, Math.max(0, main.len() - at));
            if (avail > 0) {
                byte[] part = avail == pageSize ? buf : new byte[(int) avail];
                main.getIntoConcurrently(at, part); // a checkpoint never rewrites a page a reader reads here
                if (part != buf) {
                    System.arraycopy(part, 0, buf, 0, part.length);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading page " + pageId + " of " + main.path(), e);
        }
        MemorySegment.copy(buf, 0, dst, ValueLayout.JAVA_BYTE, 0, pageSize);
    }

    @Override
    public void write(long pageId, MemorySegment src) {
        byte[] buf = src.toArray(ValueLayout.JAVA_BYTE);
        try {
            main.set((pageId + 1) * pageSize, buf);
        } catch (IOException e) {
            throw new UncheckedIOException("writing page " + pageId + " of " + main.path(), e);
        }
    }
}
