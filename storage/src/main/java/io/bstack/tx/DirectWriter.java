package io.bstack.tx;

import io.bstack.stack.BStack;
import io.bstack.stack.StackWrite;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes the fresh pages of a large commit straight to the main file, and the pages of a reused
 * region over their own main-file copy, so a big region is written once (to its final place)
 * instead of twice (WAL, then checkpoint), and cuts the main file back when such a commit does
 * not become durable.
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
 * <p><b>In place.</b> Pages below the main file's end whose main-file copy no reader, replay or
 * checkpoint can need ({@link VersionIndex#overwritable}: the newest version is durable, in the
 * WAL or zero, newer than the checkpoint and no newer than any snapshot) are written over that
 * copy when there are at least {@code minPages} of them: one unjournaled write per run of pages
 * and one sync ({@link BStack#setUnjournaled}), then the record tags them in-main
 * ({@link CommitRecord#inPlace()}). Until that record is durable the older version shadows them;
 * if it never becomes durable, the next checkpoint copies the older version back. The rules are
 * written down in the package documentation ("Pages overwritten in place").
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
    private final boolean inPlaceAllowed;
    final AtomicLong pagesWritten = new AtomicLong();
    final AtomicLong bytesWritten = new AtomicLong();
    /** Of {@link #pagesWritten}: pages written over their own main-file copy. */
    final AtomicLong inPlacePages = new AtomicLong();

    /** Counts {@code pages} a running transaction wrote over their main-file copy ({@link ThroughWriter}). */
    void wroteThrough(int pages) {
        pagesWritten.addAndGet(pages);
        bytesWritten.addAndGet((long) pages * files.pageSize());
        inPlacePages.addAndGet(pages);
    }

    /**
     * {@code inPlace} false keeps pages off their own main-file copy: with {@link Durability#OFF} a
     * pushed version is not synced, so after a power loss the main-file copy may again be the only
     * one of the state a replay reaches, and it must not have been overwritten.
     */
    DirectWriter(StoreFiles files, int minPages, boolean inPlace) {
        this.files = files;
        this.minPages = minPages;
        this.inPlaceAllowed = inPlace;
    }

    /**
     * If {@code rec} has enough fresh or overwritable pages, writes them to the main file (synced)
     * and returns the record tagged with them; otherwise returns {@code rec} untouched.
     * {@code floor} is the lowest commit a reader may read (the durable sequence and every live
     * snapshot). On a failure the main file is cut back before the exception propagates.
     */
    CommitRecord write(CommitRecord rec, long floor) throws IOException {
        Plan plan = plan(rec, floor);
        if (plan == null) {
            return rec;
        }
        int ps = files.pageSize();
        BStack main = files.main();
        CommitRecord direct = rec.withMainPages(plan.from(), plan.inPlace());
        if (!plan.inPlace().isEmpty()) {
            try {
                overwrite(main, rec.pages(), plan.inPlace(), ps);
            } finally {
                TreeSet<Long> pages = new TreeSet<>(plan.inPlace());
                files.invalidate(pages.first(), pages.last() + 1); // pages in between only lose their frame
            }
            inPlacePages.addAndGet(plan.inPlace().size());
        }
        if (plan.from() != CommitRecord.NO_DIRECT) {
            try {
                append(main, direct.pages().tailMap(plan.from()), ps);
            } catch (IOException | RuntimeException e) {
                cutBack(e);
                throw e;
            }
            files.invalidate(plan.from(), direct.directEnd());
        }
        pagesWritten.addAndGet(plan.images());
        bytesWritten.addAndGet((long) plan.images() * ps);
        return direct;
    }

    /**
     * Whether {@code rec} has enough fresh or overwritable pages to try: a hint the writer checks
     * before taking the push lock (the state may move meanwhile; {@link #write} decides again
     * under the lock).
     */
    boolean worthTrying(CommitRecord rec, long floor) {
        return plan(rec, floor) != null;
    }

    /** What a commit writes to the main file: appended from page {@code from}, overwritten {@code inPlace}. */
    private record Plan(long from, Set<Long> inPlace, int images) {}

    /**
     * The pages of {@code rec} to write to the main file, or null when none: the fresh pages with
     * an image from the first of them on, when there are at least {@code minPages} of them; and
     * the pages below them whose main-file copy may be overwritten
     * ({@link VersionIndex#overwritable}), when there are at least {@code minPages} of those (each
     * kind costs one sync of the main file, worth it only for many pages).
     */
    private Plan plan(CommitRecord rec, long floor) {
        if (minPages == 0 || rec.pages().size() < minPages) {
            return null;
        }
        int ps = files.pageSize();
        long mainLen = files.main().len();
        long mainPages = (mainLen - ps + ps - 1) / ps;
        long first = Math.max(mainPages, files.index().firstUnreadablePage(ps));
        int fresh = 0;
        long from = CommitRecord.NO_DIRECT;
        for (Map.Entry<Long, byte[]> e : rec.pages().tailMap(first).entrySet()) {
            if (isImage(e.getValue())) {
                fresh++;
                from = Math.min(from, e.getKey());
            }
        }
        if (fresh < minPages) {
            fresh = 0;
            from = CommitRecord.NO_DIRECT;
        }
        List<Long> candidates = new ArrayList<>();
        for (Map.Entry<Long, byte[]> e : rec.pages().headMap(Math.min(first, (mainLen - ps) / ps)).entrySet()) {
            if (isImage(e.getValue())) {
                candidates.add(e.getKey());
            }
        }
        Set<Long> inPlace = !inPlaceAllowed || candidates.size() < minPages ? Set.of()
                : files.index().overwritable(candidates, files.checkpointSeq(), floor, ps, rec.minLen());
        if (inPlace.size() < minPages) {
            inPlace = Set.of();
        }
        return fresh + inPlace.size() == 0 ? null : new Plan(from, inPlace, fresh + inPlace.size());
    }

    /**
     * Writes the images of {@code inPlace} over their main-file pages without the stack's journal
     * (their older versions in the WAL shadow them until the record is durable), in batches of
     * about {@value #CHUNK_BYTES} bytes, each synced; the stack sends runs of adjacent pages as
     * one gathering write, so the images are not copied into one array first.
     */
    private static void overwrite(BStack main, SortedMap<Long, byte[]> pages, Set<Long> inPlace, int ps)
            throws IOException {
        List<StackWrite> batch = new ArrayList<>();
        for (long p : new TreeSet<>(inPlace)) {
            batch.add(new StackWrite(ps + p * ps, pages.get(p)));
            if ((long) batch.size() * ps >= CHUNK_BYTES) {
                main.setUnjournaled(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            main.setUnjournaled(batch);
        }
    }

    /** Whether {@code img} is an image held in memory (not a zero page, not one written while the transaction ran). */
    private static boolean isImage(byte[] img) {
        return img != null && img != CommitRecord.EARLY && img != CommitRecord.THROUGH;
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
