package io.bstack.tx;

import io.bstack.stack.BStack;
import java.io.IOException;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes the fresh pages of a large commit straight to the main file, so a big region is written
 * once (to its final place) instead of twice (WAL, then checkpoint), and cuts the main file back
 * when such a commit does not become durable.
 *
 * <p><b>Which pages.</b> A page is fresh when it lies at or beyond both the main file's physical
 * end and {@link VersionIndex#firstUnreadablePage}: no version of it exists and no length any
 * snapshot, writer or queued commit may still use covers it, so nobody can read an older copy of
 * it, and the main file has never held it since its last cut (it reads zeros). When a commit has
 * at least {@code minPages} fresh pages with an image, every page from the first of them on goes
 * to the main file: appended with {@code push} calls of at most {@value #CHUNK_BYTES} bytes (each
 * one write and one sync), the images at their pages and zeros in between (pages the transaction
 * did not write there read zero in its view, too); a gap of more than one chunk is added with
 * {@code extend}. The record then carries the in-main tag for those pages
 * ({@link CommitRecord#directFrom()}) and is queued only after the main file is synced.
 *
 * <p><b>Cutting back.</b> The main file's needed length is {@link StoreFiles#neededMainLen()}:
 * the superblock's length or the furthest in-main page of a commit in the index, whichever is
 * larger. After a failed direct write, a commit that could not be queued, or a WAL push that took
 * commits back, the main file is cut back to it; the truncation makes every cut byte read zero
 * again, so a later extend over it never exposes it. Recovery applies the same rule on open.
 *
 * <p>Thread-safety: every method runs with the commit log's push lock held, so it never overlaps
 * a push, a checkpoint or another cut.
 */
final class DirectWriter {
    /** Largest single append. */
    static final int CHUNK_BYTES = 8 << 20;

    private final StoreFiles files;
    private final int minPages;
    final AtomicLong pagesWritten = new AtomicLong();
    final AtomicLong bytesWritten = new AtomicLong();

    DirectWriter(StoreFiles files, int minPages) {
        this.files = files;
        this.minPages = minPages;
    }

    /**
     * If {@code rec} has enough fresh pages, writes them to the main file (synced) and returns the
     * record tagged with its first direct page; otherwise returns {@code rec} untouched. On a
     * failure the main file is cut back before the exception propagates.
     */
    CommitRecord write(CommitRecord rec) throws IOException {
        long from = firstFresh(rec);
        if (from < 0) {
            return rec;
        }
        int ps = files.pageSize();
        BStack main = files.main();
        int images = 0;
        for (byte[] img : rec.pages().tailMap(from).values()) {
            images += isImage(img) ? 1 : 0;
        }
        CommitRecord direct = rec.withDirectFrom(from);
        try {
            append(main, direct.pages().tailMap(from), ps);
        } catch (IOException | RuntimeException e) {
            cutBack(e);
            throw e;
        }
        pagesWritten.addAndGet(images);
        bytesWritten.addAndGet((long) images * ps);
        files.invalidate(from, direct.directEnd());
        return direct;
    }

    /**
     * Whether {@code rec} has enough fresh pages to try: a hint the writer checks before taking
     * the push lock (the state may move meanwhile; {@link #write} decides again under the lock).
     */
    boolean worthTrying(CommitRecord rec) {
        return firstFresh(rec) >= 0;
    }

    /** The first fresh page with an image when there are at least {@code minPages} of them, else -1. */
    private long firstFresh(CommitRecord rec) {
        if (minPages == 0 || rec.pages().size() < minPages) {
            return -1;
        }
        int ps = files.pageSize();
        long mainPages = (files.main().len() - ps + ps - 1) / ps;
        long first = Math.max(mainPages, files.index().firstUnreadablePage(ps));
        int images = 0;
        long from = -1;
        for (Map.Entry<Long, byte[]> e : rec.pages().tailMap(first).entrySet()) {
            if (isImage(e.getValue())) {
                images++;
                from = from < 0 ? e.getKey() : from;
            }
        }
        return images < minPages ? -1 : from;
    }

    /** Whether {@code img} is an image held in memory (not a zero page, not one written early). */
    private static boolean isImage(byte[] img) {
        return img != null && img != CommitRecord.EARLY;
    }

    /**
     * Appends {@code pages} (ascending, all at or beyond the main file's end) at their places, in
     * pushes of at most {@value #CHUNK_BYTES} bytes, zeros in between; entries without an image are
     * left zero. Each push is synced by the stack. Used by {@link EarlyWriter} too.
     */
    static void append(BStack main, SortedMap<Long, byte[]> pages, int ps) throws IOException {
        if ((main.len() - ps) % ps != 0) {
            main.extend(ps - (main.len() - ps) % ps);
        }
        byte[] chunk = new byte[(int) Math.min(CHUNK_BYTES, (long) pages.size() * ps)];
        int used = 0;
        long chunkFirst = -1;
        for (Map.Entry<Long, byte[]> e : pages.entrySet()) {
            if (!isImage(e.getValue())) {
                continue;
            }
            long page = e.getKey();
            long at = ps + page * ps; // main payload offset of this page
            long next = chunkFirst < 0 ? main.len() : ps + chunkFirst * ps + used;
            if (chunkFirst >= 0 && at + ps - (ps + chunkFirst * ps) > chunk.length) {
                main.push(used == chunk.length ? chunk : java.util.Arrays.copyOf(chunk, used));
                chunkFirst = -1;
                used = 0;
                next = main.len();
            }
            if (chunkFirst < 0) {
                if (at - next > 0) {
                    main.extend(at - next); // zeros up to the page
                }
                chunkFirst = page;
                java.util.Arrays.fill(chunk, (byte) 0);
            }
            int pos = (int) (at - (ps + chunkFirst * ps));
            System.arraycopy(e.getValue(), 0, chunk, pos, ps);
            used = pos + ps;
        }
        if (chunkFirst >= 0) {
            main.push(used == chunk.length ? chunk : java.util.Arrays.copyOf(chunk, used));
        }
    }

    /**
     * Cuts the main file back to {@link StoreFiles#neededMainLen()} if it is longer, dropping the
     * cut pages from the pool. A failure of the cut is added to {@code cause} (if any) and marks
     * the store broken: bytes of a commit that never became durable might otherwise stay
     * reachable by a later extend.
     */
    void cutBack(Exception cause) {
        BStack main = files.main();
        long needed = files.neededMainLen();
        long len = main.len();
        if (len <= needed) {
            return;
        }
        int ps = files.pageSize();
        try {
            main.resize(needed);
        } catch (IOException | RuntimeException e) {
            files.markBroken();
            if (cause != null) {
                cause.addSuppressed(e);
            }
        } finally {
            files.invalidate((needed - ps) / ps, (len - 1) / ps);
        }
    }
}
