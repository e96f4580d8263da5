package io.bstack.tx;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A write transaction's private changes: page images in savepoint levels over a committed base.
 * Level 0 belongs to the transaction; each savepoint opens a level above. A level holds the pages
 * written while it was on top (copy-on-write from below) and the lowest length reached meanwhile
 * ({@code minLen}); bytes of lower levels and of the base at or above a higher level's
 * {@code minLen} read as zero (a discard followed by an extend reads zeros). Invariant: every byte
 * at or above {@link #len()} reads zero.
 *
 * <p><b>Early pages.</b> Pages {@code [earlyFrom, earlyEnd)} were written to the main file while
 * the transaction ran ({@link EarlyWriter}) and their images left the heap: they sit between the
 * base and level 0, read from the main file where no level holds an image. Early pages are only
 * ever appended from the top level, from pages no lower level holds, and only rewritten in place
 * while the level that appended them is on top; so rolling back to a savepoint just drops the
 * early pages appended since ({@code Level.earlyEndAtStart}). A shrink below {@code earlyEnd}
 * records the cut in the top level ({@code Level.earlyCut}): early bytes at or above the lowest
 * live cut read zero, and no page is written early while a cut is live.
 *
 * <p><b>Pages written through.</b> A level may hold {@link CommitRecord#THROUGH} instead of an image
 * for a page the transaction wrote over its own main-file copy ({@link ThroughWriter}): it reads
 * from the main file, turns into an image again on a partial change, and goes into the record as
 * an in-place page.
 *
 * <p>Not thread-safe: owned by one {@link WriteTx}.
 */
final class Overlay {

    /** Reads bytes of one page of the base state. */
    @FunctionalInterface
    interface Base {
        void read(long pageNo, int inPage, byte[] dst, int off, int n) throws IOException;
    }

    private static final class Level {
        final TreeMap<Long, byte[]> pages = new TreeMap<>();
        final Object owner;
        final long lenAtStart;
        long minLen;
        /** {@link #earlyEnd} when the level opened: early pages at or beyond it were added on this level. */
        final long earlyEndAtStart;
        /** The lowest length a shrink on this level reached below the early pages written before it. */
        long earlyCut = Long.MAX_VALUE;

        Level(Object owner, long len, long earlyEnd) {
            this.owner = owner;
            this.lenAtStart = len;
            this.minLen = len;
            this.earlyEndAtStart = earlyEnd;
        }
    }

    private final int pageSize;
    private final Base base;
    private final Base main;
    /** Early pages {@code [earlyFrom, earlyEnd)}; both 0 when none. */
    private long earlyFrom;
    private long earlyEnd;
    private final long baseLen;
    private final ArrayList<Level> levels = new ArrayList<>();
    private long len;
    private long mutations;
    private final Publications publications = new Publications();
    /**
     * The image of every page a fill zeroed whole (shared, never written: {@link #writable}
     * replaces it before a change), so freeing a large region allocates nothing per page.
     */
    private final byte[] zeroPage;

    /** An overlay over {@code base}; {@code main} reads the pages written early from the main file. */
    Overlay(int pageSize, Base base, Base main, long baseLen) {
        this.pageSize = pageSize;
        this.zeroPage = new byte[pageSize];
        this.base = base;
        this.main = main;
        this.baseLen = baseLen;
        this.len = baseLen;
        levels.add(new Level(null, baseLen, 0));
    }

    long len() {
        return len;
    }

    /** Values decoded from this overlay's changed bytes, kept for the commit (see {@link Publications}). */
    Publications publications() {
        return publications;
    }

    /**
     * Whether {@code [pos, pos+n)} reads as the base does: no level holds one of its pages and no
     * level cut the length below its end.
     */
    boolean untouched(long pos, int n) {
        long end = pos + n;
        if (end > len || end > baseLen) {
            return false;
        }
        long first = pos / pageSize;
        long last = (end - 1) / pageSize;
        for (Level l : levels) {
            if (l.minLen < end) {
                return false;
            }
            if (!l.pages.isEmpty() && !l.pages.subMap(first, true, last, true).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- reads

    /** Copies {@code n} bytes from view offset {@code pos} into {@code dst[off..]}; the range lies within {@link #len()}. */
    void read(long pos, byte[] dst, int off, int n) throws IOException {
        while (n > 0) {
            long pageNo = pos / pageSize;
            int in = (int) (pos % pageSize);
            int k = Math.min(n, pageSize - in);
            readPagePart(pageNo, in, dst, off, k);
            pos += k;
            off += k;
            n -= k;
        }
    }

    private void readPagePart(long pageNo, int in, byte[] dst, int off, int n) throws IOException {
        long cut = Long.MAX_VALUE;
        long start = pageNo * pageSize;
        for (int i = levels.size() - 1; i >= 0; i--) {
            Level l = levels.get(i);
            byte[] img = l.pages.get(pageNo);
            if (img == CommitRecord.THROUGH) {
                main.read(pageNo, in, dst, off, n);
                zeroFrom(dst, off, start + in, n, cut);
                return;
            }
            if (img != null) {
                System.arraycopy(img, in, dst, off, n);
                zeroFrom(dst, off, start + in, n, cut);
                return;
            }
            cut = Math.min(cut, l.minLen);
        }
        if (pageNo >= earlyFrom && pageNo < earlyEnd) {
            main.read(pageNo, in, dst, off, n);
            zeroFrom(dst, off, start + in, n, earlyCut());
            return;
        }
        if (start + in >= cut) {
            Arrays.fill(dst, off, off + n, (byte) 0);
            return;
        }
        base.read(pageNo, in, dst, off, n);
        zeroFrom(dst, off, start + in, n, cut);
    }

    /** Zeroes the part of {@code dst[off, off+n)} (view offsets from {@code pos}) at or above {@code cut}. */
    private static void zeroFrom(byte[] dst, int off, long pos, int n, long cut) {
        if (cut < pos + n) {
            int from = (int) Math.max(0, cut - pos);
            Arrays.fill(dst, off + from, off + n, (byte) 0);
        }
    }

    // ---------------------------------------------------------------- writes

    /** Changes so far (every write, fill, length change and savepoint rollback counts one). */
    long mutations() {
        return mutations;
    }

    /** Counts a change held outside the overlay (see {@link io.bstack.stack.ByteStack#holdWrites}). */
    void noteChange() {
        mutations++;
    }

    /** Writes {@code src[off, off+n)} at view offset {@code pos}; the range lies within {@link #len()}. */
    void write(long pos, byte[] src, int off, int n) throws IOException {
        mutations++;
        publications.changed(pos, pos + n);
        while (n > 0) {
            long pageNo = pos / pageSize;
            int in = (int) (pos % pageSize);
            int k = Math.min(n, pageSize - in);
            System.arraycopy(src, off, writable(pageNo, in, in + k), in, k);
            pos += k;
            off += k;
            n -= k;
        }
    }

    /**
     * Like {@link #write}, except that pages {@code [throughFrom, throughEnd)} (wholly inside the
     * range, just written over their main-file copy with these bytes) are recorded as such instead
     * of copied.
     */
    void writeAround(long pos, byte[] src, long throughFrom, long throughEnd) throws IOException {
        mutations++;
        publications.changed(pos, pos + src.length);
        TreeMap<Long, byte[]> top = levels.get(levels.size() - 1).pages;
        int off = 0;
        int n = src.length;
        while (n > 0) {
            long pageNo = pos / pageSize;
            int in = (int) (pos % pageSize);
            int k = Math.min(n, pageSize - in);
            if (pageNo >= throughFrom && pageNo < throughEnd) {
                top.put(pageNo, CommitRecord.THROUGH);
            } else {
                System.arraycopy(src, off, writable(pageNo, in, in + k), in, k);
            }
            pos += k;
            off += k;
            n -= k;
        }
    }

    /** Whether no level holds page {@code pageNo} and it was not written early: it reads as the base does, up to cuts. */
    boolean heldNowhere(long pageNo) {
        if (pageNo >= earlyFrom && pageNo < earlyEnd) {
            return false;
        }
        for (Level l : levels) {
            if (l.pages.containsKey(pageNo)) {
                return false;
            }
        }
        return true;
    }

    /** The lowest length of the transaction so far (every level's, and now). */
    long lowestLen() {
        long m = len;
        for (Level l : levels) {
            m = Math.min(m, l.minLen);
        }
        return m;
    }

    /** Writes {@code pattern} repeatedly over {@code [pos, pos+total)}, phase 0 at {@code pos}. */
    void fill(long pos, byte[] pattern, long total) throws IOException {
        mutations++;
        publications.changed(pos, pos + total);
        long done = 0;
        while (done < total) {
            long at = pos + done;
            long pageNo = at / pageSize;
            int in = (int) (at % pageSize);
            int k = (int) Math.min(total - done, pageSize - in);
            if (k == pageSize && pattern.length == 1 && pattern[0] == 0) {
                levels.get(levels.size() - 1).pages.put(pageNo, zeroPage);
                done += k;
                continue;
            }
            byte[] img = writable(pageNo, in, in + k);
            if (pattern.length == 1) {
                Arrays.fill(img, in, in + k, pattern[0]);
                done += k;
                continue;
            }
            int phase = (int) (done % pattern.length);
            for (int i = 0; i < k; i++) {
                img[in + i] = pattern[phase];
                if (++phase == pattern.length) {
                    phase = 0;
                }
            }
            done += k;
        }
    }

    /**
     * The top level's image of {@code pageNo}, copied up from below when new; bytes
     * {@code [from, to)} are about to be overwritten by the caller, so they are not copied.
     */
    private byte[] writable(long pageNo, int from, int to) throws IOException {
        Level top = levels.get(levels.size() - 1);
        byte[] img = top.pages.get(pageNo);
        if (img == zeroPage) {
            img = new byte[pageSize]; // the page reads zero: nothing to copy
            top.pages.put(pageNo, img);
        } else if (img == CommitRecord.THROUGH) {
            img = new byte[pageSize]; // an image again: the bytes written through stay shadowed in the main file
            main.read(pageNo, 0, img, 0, pageSize);
            top.pages.put(pageNo, img);
        } else if (img == null) {
            img = new byte[pageSize];
            if (from > 0) {
                readPagePart(pageNo, 0, img, 0, from);
            }
            if (to < pageSize) {
                readPagePart(pageNo, to, img, to, pageSize - to);
            }
            top.pages.put(pageNo, img);
        }
        return img;
    }

    /** Sets the length; growing reveals zeros, shrinking makes the cut bytes read zero from now on. */
    void setLen(long newLen) throws IOException {
        mutations++;
        if (newLen < len) {
            publications.changed(newLen, len);
            Level top = levels.get(levels.size() - 1);
            cut(top, newLen);
            top.minLen = Math.min(top.minLen, newLen);
            if (newLen < earlyEnd * pageSize) {
                top.earlyCut = Math.min(top.earlyCut, newLen);
            }
        }
        len = newLen;
    }

    private void cut(Level l, long at) throws IOException {
        long firstWhole = (at + pageSize - 1) / pageSize;
        l.pages.tailMap(firstWhole, true).clear();
        if (at % pageSize != 0) {
            byte[] img = throughToImage(l, at / pageSize);
            if (img != null && img != zeroPage) {
                Arrays.fill(img, (int) (at % pageSize), pageSize, (byte) 0);
            }
        }
    }

    /** Level {@code l}'s image of {@code pageNo}, read from the main file first if it was written through. */
    private byte[] throughToImage(Level l, long pageNo) throws IOException {
        byte[] img = l.pages.get(pageNo);
        if (img == CommitRecord.THROUGH) {
            img = new byte[pageSize];
            main.read(pageNo, 0, img, 0, pageSize);
            l.pages.put(pageNo, img);
        }
        return img;
    }

    // ---------------------------------------------------------------- savepoints

    /** The depth the next {@link #push} opens. */
    int depth() {
        return levels.size();
    }

    /** Opens a level owned by {@code owner}. */
    void push(Object owner) {
        levels.add(new Level(owner, len, earlyEnd));
    }

    /** Whether the level at {@code depth} is still the one {@code owner} opened. */
    boolean isLive(int depth, Object owner) {
        return depth > 0 && depth < levels.size() && levels.get(depth).owner == owner;
    }

    /**
     * Drops the levels from {@code depth} up and reopens an empty one for the same owner; early
     * pages appended since that level opened are dropped too (the caller cuts them off the main
     * file). Returns whether any were.
     */
    boolean rollbackTo(int depth) {
        mutations++;
        publications.clear();
        Level l = levels.get(depth);
        while (levels.size() > depth) {
            levels.remove(levels.size() - 1);
        }
        len = l.lenAtStart;
        boolean dropped = earlyEnd > l.earlyEndAtStart;
        if (dropped) {
            earlyEnd = Math.max(earlyFrom, l.earlyEndAtStart);
            if (earlyEnd == earlyFrom) {
                earlyFrom = 0;
                earlyEnd = 0;
            }
        }
        levels.add(new Level(l.owner, len, earlyEnd));
        return dropped;
    }

    /**
     * Merges the levels from {@code depth} up into the one below, keeping their changes. Throws
     * only before changing anything (reading back a page written through that a merged shrink cuts).
     */
    void release(int depth) throws IOException {
        for (int i = depth; i < levels.size(); i++) {
            long cutAt = levels.get(i).minLen;
            if (cutAt % pageSize != 0) {
                for (int j = depth - 1; j < levels.size(); j++) {
                    throughToImage(levels.get(j), cutAt / pageSize);
                }
            }
        }
        Level into = levels.get(depth - 1);
        for (int i = depth; i < levels.size(); i++) {
            Level l = levels.get(i);
            cut(into, l.minLen);
            into.minLen = Math.min(into.minLen, l.minLen);
            into.earlyCut = Math.min(into.earlyCut, l.earlyCut);
            into.pages.putAll(l.pages);
        }
        while (levels.size() > depth) {
            levels.remove(levels.size() - 1);
        }
    }

    // ---------------------------------------------------------------- early pages

    /** Page images held on the heap, over all levels. */
    long imagePages() {
        long n = 0;
        for (Level l : levels) {
            n += l.pages.size();
        }
        return n;
    }

    boolean hasEarly() {
        return earlyEnd > earlyFrom;
    }

    /** The first early page (meaningful when {@link #hasEarly()}). */
    long earlyFrom() {
        return earlyFrom;
    }

    /** One past the last early page (0 when none). */
    long earlyEnd() {
        return earlyEnd;
    }

    /** The lowest live cut below the early pages ({@link Long#MAX_VALUE} when none). */
    private long earlyCut() {
        long cut = Long.MAX_VALUE;
        for (Level l : levels) {
            cut = Math.min(cut, l.earlyCut);
        }
        return cut;
    }

    /**
     * The top level's images that may be written to the main file now, by page: early pages the
     * top level added, to rewrite in place, and pages from {@code freshFrom} on, to append after
     * the main file's last page {@code mainEnd} (stopping before a gap of more than {@code maxGap}
     * pages). Only whole pages below {@link #len()}, none a lower level holds; none while a cut
     * below the early pages is live.
     */
    TreeMap<Long, byte[]> earlyCandidates(long freshFrom, long mainEnd, long maxGap) {
        TreeMap<Long, byte[]> out = new TreeMap<>();
        if (earlyCut() != Long.MAX_VALUE) {
            return out;
        }
        Level top = levels.get(levels.size() - 1);
        long lower = 0;
        for (int i = 0; i < levels.size() - 1; i++) {
            TreeMap<Long, byte[]> below = levels.get(i).pages;
            lower = below.isEmpty() ? lower : Math.max(lower, below.lastKey() + 1);
        }
        long whole = len / pageSize;
        long rewriteFrom = Math.max(Math.max(earlyFrom, top.earlyEndAtStart), lower);
        long rewriteEnd = Math.min(earlyEnd, whole);
        if (hasEarly() && rewriteFrom < rewriteEnd) {
            out.putAll(top.pages.subMap(rewriteFrom, rewriteEnd));
        }
        long prev = mainEnd;
        for (Map.Entry<Long, byte[]> e : top.pages.tailMap(Math.max(Math.max(freshFrom, earlyEnd), lower)).entrySet()) {
            long p = e.getKey();
            if (p >= whole || p - prev > maxGap || e.getValue() == CommitRecord.THROUGH) {
                break;
            }
            out.put(p, e.getValue());
            prev = p + 1;
        }
        return out;
    }

    /**
     * Records that {@code written} (from {@link #earlyCandidates}) are in the main file, which now
     * ends at page {@code end}: their images leave the heap and the early pages reach {@code end}.
     */
    void wroteEarly(Iterable<Long> written, long end) {
        TreeMap<Long, byte[]> top = levels.get(levels.size() - 1).pages;
        long first = Long.MAX_VALUE;
        for (long p : written) {
            top.remove(p);
            first = Math.min(first, p);
        }
        if (!hasEarly()) {
            earlyFrom = first;
        }
        earlyEnd = Math.max(earlyEnd, end);
    }

    // ---------------------------------------------------------------- commit

    /**
     * The commit record of everything done (sequence still 0), or null when nothing changed:
     * written pages as images; pages wholly in {@code [minLen, baseLen)} as zero pages; the page
     * holding {@code minLen}, when partial, as an image with its tail zeroed. The record takes the
     * overlay's pages: the overlay is not used after.
     */
    CommitRecord toRecord() throws IOException {
        if (levels.size() > 1) {
            release(1);
        }
        Level l = levels.get(0);
        TreeMap<Long, byte[]> pages = l.pages; // handed over: the transaction ends with its commit
        addEarly(pages, Math.min(l.earlyCut, len));
        long minLen = Math.min(l.minLen, len);
        if (minLen < baseLen) {
            long first = minLen / pageSize;
            if (minLen % pageSize != 0 && !pages.containsKey(first)) {
                byte[] img = new byte[pageSize];
                readPagePart(first, 0, img, 0, pageSize);
                pages.put(first, img);
            }
            long firstWhole = (minLen + pageSize - 1) / pageSize;
            long end = (baseLen + pageSize - 1) / pageSize;
            for (long p = firstWhole; p < end; p++) {
                pages.putIfAbsent(p, null);
            }
        }
        java.util.Set<Long> through = new java.util.HashSet<>();
        for (Map.Entry<Long, byte[]> e : pages.entrySet()) {
            byte[] img = e.getValue();
            if (img == CommitRecord.THROUGH) {
                through.add(e.getKey());
            } else if (img != null && img != CommitRecord.EARLY && isZero(img)) {
                e.setValue(null);
            }
        }
        if (pages.isEmpty() && len == baseLen) {
            return null;
        }
        return new CommitRecord(0, len, minLen, pages, CommitRecord.NO_DIRECT, java.util.Set.copyOf(through));
    }

    /**
     * Adds the early pages below {@link #len()} that no image replaces: {@link CommitRecord#EARLY}
     * where wholly below {@code limit} (the lowest cut or the length), the page holding
     * {@code limit} as an image, the ones above as zero pages.
     */
    private void addEarly(TreeMap<Long, byte[]> pages, long limit) throws IOException {
        for (long p = earlyFrom; p < earlyEnd && p * pageSize < len; p++) {
            if (pages.containsKey(p)) {
                continue;
            }
            if ((p + 1) * pageSize <= limit) {
                pages.put(p, CommitRecord.EARLY);
            } else if (p * pageSize < limit) {
                byte[] img = new byte[pageSize];
                readPagePart(p, 0, img, 0, pageSize);
                pages.put(p, img);
            } else {
                pages.put(p, null);
            }
        }
    }

    private boolean isZero(byte[] b) {
        return b == zeroPage || Arrays.mismatch(b, zeroPage) < 0;
    }
}
