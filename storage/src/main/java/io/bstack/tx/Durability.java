package io.bstack.tx;

/**
 * When a {@link WriteTx#commit()} returns, relative to the sync of its WAL record. Every mode keeps
 * the database consistent after a crash: a commit is either wholly present or wholly absent on
 * reopen, because each WAL record is checksummed and appended with one atomic push.
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum Durability {
    /**
     * The default: {@code commit()} returns only after the WAL push that contains its record (one
     * sync, shared by every commit waiting at that moment) returned. A crash after the return
     * never loses the commit.
     */
    FULL,
    /**
     * {@code commit()} returns at once; queued records are pushed (one sync per group) at most
     * {@link TxOptions#normalInterval()} later, by a background thread or by a later committer
     * that finds the oldest queued record older than that. A crash loses at most that window of
     * returned commits, never consistency. Readers see a commit once it is pushed.
     */
    NORMAL,
    /**
     * {@code commit()} returns at once; queued records are pushed only when they reach 1 MiB, when
     * a reader begins while records are queued (so it sees them), and at {@link TxStore#flush()},
     * {@link TxStore#checkpoint()} and {@link TxStore#close()}. A crash loses every commit not yet
     * pushed (any age), never consistency. The WAL is opened {@link io.bstack.stack.StackOptions#unsynced()
     * without sync barriers}: a killed process loses nothing pushed, an OS crash may lose a tail of
     * pushed records (their checksums find the cut); checkpoints still sync the main file before the
     * WAL is cut. Meant for bulk loads and tests.
     */
    OFF
}
