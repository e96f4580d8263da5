package io.bstack.tx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The in-memory WAL index: for every page changed since the checkpoint, its versions in commit
 * order (where each lives: in the WAL at an offset, an all-zero page, in the main file at its own
 * place for a page written there directly, or still in memory while its record waits for its
 * push), the database length after each commit, and the page range each commit wrote straight to
 * the main file. A page with no version at or below a sequence reads from the main file.
 *
 * <p>Thread-safety: every method is synchronized on the index; versions are immutable, and an
 * in-memory image is never modified once added.
 */
final class VersionIndex {

    /**
     * One page version: {@code image} non-null while in memory (its record not pushed yet); else
     * {@code walOffset} is the image's WAL offset, {@link WalFormat#ZERO} or
     * {@link WalFormat#IN_MAIN} (the main file's page is the image). A pending in-main version
     * keeps its image and {@code walOffset == IN_MAIN}.
     */
    record Version(long seq, long walOffset, byte[] image, int hole) {
        Version(long seq, long walOffset, byte[] image) {
            this(seq, walOffset, image, WalFormat.NO_HOLE);
        }

        boolean isZero() {
            return image == null && walOffset == WalFormat.ZERO;
        }

        boolean isInMain() {
            return walOffset == WalFormat.IN_MAIN;
        }
    }

    private final Map<Long, List<Version>> pages = new HashMap<>();
    private final TreeMap<Long, long[]> pagesBySeq = new TreeMap<>();
    private final TreeMap<Long, Long> lengths = new TreeMap<>();
    /** seq → {first, end} page range a commit wrote straight to the main file. */
    private final TreeMap<Long, long[]> directRanges = new TreeMap<>();
    /** Commits that overwrote main-file pages in place ({@link CommitRecord#inPlace()}). */
    private final TreeSet<Long> inPlaceSeqs = new TreeSet<>();
    private long baseSeq;
    private long baseLen;
    /** Versions held in {@link #pages}. */
    private int versions;
    /** The highest page with a version, or -1; {@link #maxPageStale} after a drop. */
    private long maxPage = -1;
    private boolean maxPageStale;

    VersionIndex(long checkpointSeq, long checkpointLen) {
        this.baseSeq = checkpointSeq;
        this.baseLen = checkpointLen;
    }

    /** Adds a commit whose images are still only in memory. */
    synchronized void add(CommitRecord rec) {
        long[] nos = new long[rec.pages().size()];
        int i = 0;
        for (Map.Entry<Long, byte[]> e : rec.pages().entrySet()) {
            nos[i++] = e.getKey();
            byte[] img = e.getValue();
            put(e.getKey(), new Version(rec.seq(), rec.inMain(e.getKey(), img) ? WalFormat.IN_MAIN : WalFormat.ZERO,
                    rec.memoryImage(e.getKey(), img)));
        }
        pagesBySeq.put(rec.seq(), nos);
        lengths.put(rec.seq(), rec.len());
        long end = rec.directEnd();
        if (end > 0) {
            directRanges.put(rec.seq(), new long[] {rec.directFirst(), end});
        }
        if (!rec.inPlace().isEmpty()) {
            inPlaceSeqs.add(rec.seq());
        }
    }

    /** Adds a commit read back from the WAL on open. */
    synchronized void addReplayed(WalFormat.Replayed rec) {
        for (int i = 0; i < rec.pageNos().length; i++) {
            put(rec.pageNos()[i], new Version(rec.seq(), rec.offsets()[i], null, rec.holes()[i]));
        }
        pagesBySeq.put(rec.seq(), rec.pageNos().clone());
        lengths.put(rec.seq(), rec.len());
        long end = rec.directEnd();
        if (end > 0) {
            long first = end;
            for (int i = 0; i < rec.pageNos().length; i++) {
                if (rec.offsets()[i] == WalFormat.IN_MAIN) {
                    first = Math.min(first, rec.pageNos()[i]);
                }
            }
            directRanges.put(rec.seq(), new long[] {first, end});
        }
    }

    private void put(long pageNo, Version v) {
        pages.computeIfAbsent(pageNo, k -> new ArrayList<>(2)).add(v);
        versions++;
        maxPage = Math.max(maxPage, pageNo);
    }

    /** Replaces the in-memory images of commit {@code seq} with their WAL offsets (zero pages keep {@link WalFormat#ZERO}). */
    synchronized void markPushed(long seq, long[] walOffsets, int[] holes) {
        long[] nos = pagesBySeq.get(seq);
        if (nos == null) {
            return;
        }
        for (int i = 0; i < nos.length; i++) {
            List<Version> vs = pages.get(nos[i]);
            for (int j = vs.size() - 1; j >= 0; j--) {
                if (vs.get(j).seq() == seq) {
                    vs.set(j, new Version(seq, walOffsets[i], null, holes[i]));
                    break;
                }
            }
        }
    }

    /** The newest version of {@code pageNo} at or below {@code snapshot}, or null (read the main file). */
    synchronized Version resolve(long pageNo, long snapshot) {
        List<Version> vs = pages.get(pageNo);
        if (vs == null) {
            return null;
        }
        for (int j = vs.size() - 1; j >= 0; j--) {
            if (vs.get(j).seq() <= snapshot) {
                return vs.get(j);
            }
        }
        return null;
    }

    /** The database length as of commit {@code snapshot}. */
    synchronized long lenAt(long snapshot) {
        Map.Entry<Long, Long> e = lengths.floorEntry(snapshot);
        return e == null ? baseLen : e.getValue();
    }

    /** Takes back every commit above {@code seq} (their push failed). */
    synchronized void dropAbove(long seq) {
        NavigableMap<Long, long[]> gone = pagesBySeq.tailMap(seq, false);
        for (Map.Entry<Long, long[]> e : gone.entrySet()) {
            for (long no : e.getValue()) {
                List<Version> vs = pages.get(no);
                if (vs != null) {
                    int before = vs.size();
                    vs.removeIf(v -> v.seq() == e.getKey());
                    versions -= before - vs.size();
                    if (vs.isEmpty()) {
                        pages.remove(no);
                    }
                }
            }
        }
        gone.clear();
        maxPageStale = true;
        lengths.tailMap(seq, false).clear();
        directRanges.tailMap(seq, false).clear();
        inPlaceSeqs.tailSet(seq, false).clear();
    }

    /**
     * Forgets every version at or below {@code seq}: the main file now holds that state, of length
     * {@code len}. Returns the pages that lost a version: the only pages whose main-file bytes a
     * checkpoint may have changed since the previous drop.
     */
    synchronized TreeSet<Long> dropUpTo(long seq, long len) {
        NavigableMap<Long, long[]> gone = pagesBySeq.headMap(seq, true);
        TreeSet<Long> touched = new TreeSet<>();
        for (long[] nos : gone.values()) {
            for (long no : nos) {
                touched.add(no);
                List<Version> vs = pages.get(no);
                if (vs != null) {
                    int before = vs.size();
                    vs.removeIf(v -> v.seq() <= seq);
                    versions -= before - vs.size();
                    if (vs.isEmpty()) {
                        pages.remove(no);
                    }
                }
            }
        }
        gone.clear();
        maxPageStale = true;
        lengths.headMap(seq, true).clear();
        directRanges.headMap(seq, true).clear();
        inPlaceSeqs.headSet(seq, true).clear();
        baseSeq = seq;
        baseLen = len;
        return touched;
    }

    /**
     * The first page a new commit may write straight to the main file as far as the index is
     * concerned: one past every page that has a version and every page within any length still
     * in the index (the base and every commit since), so no snapshot can read an older copy.
     */
    synchronized long firstUnreadablePage(int pageSize) {
        long maxLen = baseLen;
        for (long l : lengths.values()) {
            maxLen = Math.max(maxLen, l);
        }
        if (maxPageStale) {
            maxPage = -1;
            for (long no : pages.keySet()) {
                maxPage = Math.max(maxPage, no);
            }
            maxPageStale = false;
        }
        return Math.max((maxLen + pageSize - 1) / pageSize, maxPage + 1);
    }

    /** One past the furthest page any commit in the index placed in the main file (0 when none). */
    synchronized long directEnd() {
        long end = 0;
        for (long[] r : directRanges.values()) {
            end = Math.max(end, r[1]);
        }
        return end;
    }

    /** The page ranges {first, end} that commits newer than {@code seq} placed in the main file, by first page. */
    synchronized TreeMap<Long, Long> directRangesAbove(long seq) {
        TreeMap<Long, Long> out = new TreeMap<>();
        for (long[] r : directRanges.tailMap(seq, false).values()) {
            out.merge(r[0], r[1], Math::max);
        }
        return out;
    }

    /**
     * For each page with a version in {@code (after, upTo]}: its newest such version, by page
     * number; except pages with an in-main version above {@code upTo}, whose main-file copy a newer
     * commit wrote (a checkpoint must not copy an older version over it).
     */
    synchronized TreeMap<Long, Version> newestIn(long after, long upTo) {
        TreeMap<Long, Version> out = new TreeMap<>();
        for (Map.Entry<Long, List<Version>> e : pages.entrySet()) {
            List<Version> vs = e.getValue();
            for (int j = vs.size() - 1; j >= 0; j--) {
                long s = vs.get(j).seq();
                if (s > upTo && vs.get(j).isInMain()) {
                    break;
                }
                if (s <= upTo) {
                    if (s > after) {
                        out.put(e.getKey(), vs.get(j));
                    }
                    break;
                }
            }
        }
        return out;
    }

    /** Whether a commit above {@code seq} overwrote main-file pages in place. */
    synchronized boolean hasInPlaceAbove(long seq) {
        return inPlaceSeqs.higher(seq) != null;
    }

    /**
     * The pages of {@code candidates} whose main-file copy a new commit may overwrite in place
     * ({@link DirectWriter}): the page's newest version lives in the WAL or is a zero page (not in
     * memory, not in the main file), is newer than {@code checkpointSeq} (so replay restores it and
     * a checkpoint copies it back after a failure) and no newer than {@code floor}, the durable
     * sequence and every live snapshot (it is pushed, and no reader reads the main-file copy); and the page lies within every
     * length since {@code checkpointSeq} and within {@code maxEnd} bytes, so no checkpoint zeroes
     * or cuts it.
     */
    synchronized TreeSet<Long> overwritable(Iterable<Long> candidates, long checkpointSeq, long floor,
            int pageSize, long maxEnd) {
        long limit = Math.min(maxEnd, lenAt(checkpointSeq));
        for (long l : lengths.tailMap(checkpointSeq, false).values()) {
            limit = Math.min(limit, l);
        }
        TreeSet<Long> out = new TreeSet<>();
        for (long no : candidates) {
            if ((no + 1) * pageSize > limit) {
                continue;
            }
            List<Version> vs = pages.get(no);
            if (vs == null) {
                continue;
            }
            Version v = vs.get(vs.size() - 1);
            if (v.image() == null && !v.isInMain() && v.seq() > checkpointSeq && v.seq() <= floor) {
                out.add(no);
            }
        }
        return out;
    }

    /** Number of page versions held (the checkpoint's second trigger; for tests and stats). */
    synchronized int versionCount() {
        return versions;
    }

    synchronized long baseSeq() {
        return baseSeq;
    }
}
