package io.bstack.tx;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Writes a large write of a running transaction over the main-file copy of the pages it covers
 * whole, when nobody can need that copy, instead of into the overlay: a big value (a BLOB stored in
 * a reused region) then goes from the caller's array to its final place once, with no page images
 * on the heap and no per-page work at commit beyond a tag.
 *
 * <p><b>Which pages.</b> Pages the write covers whole, that no level of the overlay holds and that
 * were not written early, whose main-file copy {@link VersionIndex#overwritable} allows to be
 * overwritten: the newest version is durable, in the WAL or a zero page, newer than the
 * checkpoint and no newer than any snapshot, and the page lies within every length since the
 * checkpoint and the transaction's own lowest length. Readers, replay and checkpoints take that
 * version instead of the main-file copy until a record names the new bytes (the rules of
 * {@link DirectWriter}'s in-place pages). Only when there are at least
 * {@link TxOptions#directWriteMinPages()} of them, and not with {@link Durability#OFF} (whose
 * pushed versions may not be on disk yet, so nothing may be written over the copy they shadow).
 *
 * <p><b>While the transaction runs.</b> The longest run of adjacent such pages is written from the
 * caller's array without the stack's journal and synced ({@link io.bstack.stack.BStack#setUnjournaled}), dropped from the buffer pool, and held in
 * the overlay as {@link CommitRecord#THROUGH}. From the first such write until the commit's record
 * is in the index ({@link CommitLog#enqueue}) or the transaction ends, no checkpoint runs
 * ({@link StoreFiles#holdCheckpoints}): the older versions must stay uncopied and in the WAL.
 * Nothing else can add a version of those pages meanwhile (one writer at a time).
 *
 * <p><b>Crash consistency.</b>
 * <table>
 * <caption>a crash, or an end without a commit, after each step</caption>
 * <tr><th>after</th><th>on reopen (or for every reader)</th></tr>
 * <tr><td>the write over the pages</td><td>no record names the new bytes: each page's older
 *     version (in the WAL, newer than the checkpoint) shadows them, and the next checkpoint
 *     copies it back over them</td></tr>
 * <tr><td>the commit's WAL push</td><td>the record tags the pages in-main: the synced bytes are
 *     the page</td></tr>
 * </table>
 *
 * <p>Thread-safety: used by one write transaction's thread; the decision, the write and the hold
 * happen with the commit log's push lock held, so they never overlap a push, a checkpoint or a
 * cut-back.
 */
final class ThroughWriter {
    private static final System.Logger LOG = System.getLogger("io.bstack.tx");

    private final StoreFiles files;
    private final CommitLog log;
    private final int minPages;
    private boolean failed;
    private boolean holding;

    ThroughWriter(StoreFiles files, CommitLog log, TxOptions options) {
        this.files = files;
        this.log = log;
        this.minPages = options.durability() == Durability.OFF ? 0 : options.directWriteMinPages();
    }

    /**
     * Writes pages {@code data} (at view offset {@code offset}) covers whole over their main-file
     * copy when the rule allows it, and returns them as {first, end} (a run of adjacent pages), or
     * null when it wrote nothing. A failure writes nothing the caller relies on: it is logged, the
     * pages stay shadowed, and this transaction's later writes go to the overlay.
     */
    long[] write(Overlay overlay, long baseSeq, long offset, byte[] data) {
        int ps = files.pageSize();
        if (minPages == 0 || failed || data.length < (long) minPages * ps) {
            return null;
        }
        long first = (offset + ps - 1) / ps;
        long end = Math.min(offset + data.length, overlay.len()) / ps;
        List<Long> candidates = new ArrayList<>();
        for (long p = first; p < end; p++) {
            if (overlay.heldNowhere(p)) {
                candidates.add(p);
            }
        }
        if (candidates.size() < minPages) {
            return null;
        }
        log.pushLock.lock();
        try {
            if (files.needsReopen() || log.isClosed() || log.headSeq() != baseSeq) {
                return null; // the commit will fail anyway
            }
            long mainEnd = (files.main().len() - ps) / ps;
            candidates.removeIf(p -> p >= mainEnd);
            long[] run = longestRun(files.index().overwritable(candidates, files.checkpointSeq(),
                    log.checkpointTarget(), ps, overlay.lowestLen()));
            if (run[1] - run[0] < minPages) {
                return null;
            }
            files.holdCheckpoints(true);
            holding = true;
            try {
                files.main().setUnjournaled(ps + run[0] * ps, data, (int) (run[0] * ps - offset), (int) (run[1] * ps - offset));
            } finally {
                files.invalidate(run[0], run[1]);
            }
            log.direct.wroteThrough((int) (run[1] - run[0]));
            return run;
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "writing pages over their copy in " + files.mainPath() + " failed;"
                    + " the transaction keeps them in memory", e);
            failed = true;
            return null;
        } finally {
            log.pushLock.unlock();
        }
    }

    /** The longest run {first, end} of adjacent pages in {@code pages} ({0, 0} when empty). */
    private static long[] longestRun(TreeSet<Long> pages) {
        long[] best = {0, 0};
        long start = -1;
        long prev = -2;
        for (long p : pages) {
            if (p != prev + 1) {
                start = p;
            }
            prev = p;
            if (p + 1 - start > best[1] - best[0]) {
                best = new long[] {start, p + 1};
            }
        }
        return best;
    }

    /**
     * Lets checkpoints run again if this transaction held them and its commit did not hand the
     * hold to the index already: called when the transaction ends, however it ends.
     */
    void end() {
        if (!holding) {
            return;
        }
        holding = false;
        log.pushLock.lock();
        try {
            files.holdCheckpoints(false);
        } finally {
            log.pushLock.unlock();
        }
    }
}
