package io.bstack.tx;

/**
 * A point-in-time view of a {@link TxStore}'s counters (each field read without a global lock, so
 * fields may come from slightly different instants). Immutable and thread-safe.
 *
 * @param commits commits whose record reached the WAL (pushed), since open
 * @param syncs WAL pushes (each one sync in production), since open; {@code commits / syncs} is
 *     the group-commit factor
 * @param walBytes current payload length of the WAL file
 * @param checkpoints checkpoints that copied at least one commit into the main file, since open
 * @param liveSnapshots read transactions currently open
 * @param oldestSnapshotAgeMillis age of the oldest open read transaction, 0 when none
 * @param failedCommits commits that failed because their WAL push failed (or were built on one
 *     that did), since open
 * @param lastCommittedSeq the highest durable (pushed) commit sequence
 * @param checkpointSeq the commit sequence the main file holds
 * @param walTruncations times the WAL was cut back to its header, since open
 * @param directPages pages commits wrote straight to the main file instead of the WAL, since open:
 *     fresh pages appended and reused pages overwritten in place (including those of commits that
 *     later failed and were cut back or shadowed)
 * @param directBytes bytes of those pages
 * @param earlyPages pages write transactions wrote to the main file while running, to keep their
 *     heap use bounded ({@link TxOptions#withEarlyWriteBytes}), since open (including those of
 *     transactions that then rolled back)
 */
public record TxStats(long commits, long syncs, long walBytes, long checkpoints, int liveSnapshots,
        long oldestSnapshotAgeMillis, long failedCommits, long lastCommittedSeq, long checkpointSeq,
        long walTruncations, long directPages, long directBytes, long earlyPages) {

    /** Commits per WAL push, 0 when nothing was pushed yet. */
    public double commitsPerSync() {
        return syncs == 0 ? 0 : (double) commits / syncs;
    }
}
