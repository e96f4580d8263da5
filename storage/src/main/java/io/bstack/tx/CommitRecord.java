package io.bstack.tx;

import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * What one commit changed: its sequence, its new length {@code len}, the lowest length the
 * transaction reached {@code minLen}, and the new version of every page it changed, a full image
 * or {@code null} for an all-zero page. Pages at or above {@code directFrom} that have an image
 * were written straight to the main file before the record is queued (see {@link DirectWriter}):
 * the WAL carries only their tag, while the record keeps the image in memory until its push.
 * {@link #NO_DIRECT} means none. Pages in {@code inPlace} (below {@code directFrom}) were written the
 * same way over their own main-file copy, which older versions in the WAL shadow ({@link
 * DirectWriter}'s in-place rule); they count as in the main file but not as a direct range (the
 * file's end is not theirs to keep). A page whose image is {@link #EARLY} was written to the main file
 * while the transaction ran ({@link EarlyWriter}): it is in the main file too, and the record holds
 * no copy of it. A page whose image is {@link #THROUGH} was written over its own main-file copy
 * while the transaction ran ({@link ThroughWriter}); it is one of {@code inPlace} and the record
 * holds no copy of it either. Images are owned by the record and never modified after
 * construction. Immutable once built; safe to share between threads.
 */
record CommitRecord(long seq, long len, long minLen, SortedMap<Long, byte[]> pages, long directFrom, Set<Long> inPlace) {
    /** {@link #directFrom} of a record with no page in the main file. */
    static final long NO_DIRECT = Long.MAX_VALUE;
    /** The image (compared by identity) of a page the transaction already wrote to the main file. */
    static final byte[] EARLY = new byte[0];
    /** The image (compared by identity) of a page the transaction already wrote over its main-file copy. */
    static final byte[] THROUGH = new byte[0];

    CommitRecord(long seq, long len, long minLen, SortedMap<Long, byte[]> pages) {
        this(seq, len, minLen, pages, NO_DIRECT, Set.of());
    }

    CommitRecord withSeq(long s) {
        return new CommitRecord(s, len, minLen, pages, directFrom, inPlace);
    }

    /**
     * This record with its pages from {@code from} on and the pages {@code overwritten} in the main
     * file, besides those it already had there.
     */
    CommitRecord withMainPages(long from, Set<Long> overwritten) {
        Set<Long> all = overwritten;
        if (!inPlace.isEmpty()) {
            all = new java.util.HashSet<>(inPlace);
            all.addAll(overwritten);
        }
        return new CommitRecord(seq, len, minLen, pages, from, Set.copyOf(all));
    }

    /** Whether page {@code pageNo} (with image {@code img}) lives in the main file. */
    boolean inMain(long pageNo, byte[] img) {
        return img == EARLY || img == THROUGH || img != null && (pageNo >= directFrom || inPlace.contains(pageNo));
    }

    /** Whether page {@code pageNo} (with image {@code img}) was appended to the main file (fresh or early). */
    private boolean appended(long pageNo, byte[] img) {
        return img == EARLY || img != null && img != THROUGH && pageNo >= directFrom;
    }

    /** The image a reader may use from memory: null for a zero page and for a page in the main file. */
    byte[] memoryImage(long pageNo, byte[] img) {
        return img == EARLY || img == THROUGH ? null : img;
    }

    /** The first page appended to the main file ({@link #NO_DIRECT} when none; in-place pages do not count). */
    long directFirst() {
        for (Map.Entry<Long, byte[]> e : pages.entrySet()) {
            if (appended(e.getKey(), e.getValue())) {
                return e.getKey();
            }
        }
        return NO_DIRECT;
    }

    /** One past the last page appended to the main file (0 when none; in-place pages do not count). */
    long directEnd() {
        long end = 0;
        for (Map.Entry<Long, byte[]> e : pages.entrySet()) {
            if (appended(e.getKey(), e.getValue())) {
                end = e.getKey() + 1;
            }
        }
        return end;
    }

    /**
     * Each page's hole in page order ({@link WalFormat#hole}; {@link WalFormat#NO_HOLE} for a
     * zero page, a page in the main file, or an image stored whole): scanned once per record.
     */
    int[] holes() {
        int[] holes = new int[pages.size()];
        int i = 0;
        for (Map.Entry<Long, byte[]> e : pages.entrySet()) {
            byte[] img = e.getValue();
            holes[i++] = img == null || inMain(e.getKey(), img) ? WalFormat.NO_HOLE : WalFormat.hole(img);
        }
        return holes;
    }

    /**
     * Encoded size in the WAL for pages of {@code pageSize} bytes, given its {@link #holes()}; with
     * {@code holes} null, the size with no hole elided (an upper bound, without scanning images).
     */
    long encodedSize(int[] holes, int pageSize) {
        long n = WalFormat.RECORD_HEADER + 4L;
        int i = 0;
        for (Map.Entry<Long, byte[]> e : pages.entrySet()) {
            int hole = holes == null ? WalFormat.NO_HOLE : holes[i];
            i++;
            n += 8;
            if (e.getValue() != null && !inMain(e.getKey(), e.getValue())) {
                n += WalFormat.imageSize(hole, pageSize);
            }
        }
        return n;
    }
}
