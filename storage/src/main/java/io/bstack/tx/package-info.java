/**
 * Transactions over BStack files: a WAL, snapshots, group commit, checkpoints, crash recovery.
 *
 * <h2>Files</h2>
 * A database is two {@link io.bstack.stack.BStack} files: the main file {@code NAME.bstack}, whose
 * payload page 0 is the superblock (layout on {@code Superblock}) and whose following pages hold
 * the database as of the last checkpoint, and the write-ahead log {@code NAME.bstack-wal} (layout on
 * {@code WalFormat}). The database a transaction sees is a {@link io.bstack.stack.ByteStack} of
 * pages: view offset {@code x} is main payload offset {@code pageSize + x}.
 *
 * <h2>Writes</h2>
 * One {@link io.bstack.tx.WriteTx} at a time. Its mutations go to a private overlay of page images
 * (with savepoint levels); commit turns the overlay into one WAL record (full images of changed
 * pages, zero pages for a shrink, the new length) and hands it to the group committer, which
 * appends every queued record with one {@code push} (one sync). The write lock is released before
 * the sync, so the next writer starts from the queued state. A failed push takes back every commit
 * not yet durable and aborts any writer built on them.
 *
 * <h2>Fresh regions</h2>
 * A commit with at least {@link io.bstack.tx.TxOptions#directWriteMinPages()} pages wholly beyond
 * the main file's end and beyond every length and page any snapshot can still read writes those
 * pages straight to the main file (appended, synced) before its record is queued; the record
 * carries only an in-main tag per page, so a large blob is written once. A commit that then fails
 * (its push, or queueing it) cuts the main file back to what the remaining commits need; opening
 * cuts it back to the larger of the superblock's length and the furthest page a replayed record
 * placed there, so bytes of a commit that never became durable never become visible.
 *
 * <h2>Transactions larger than the heap</h2>
 * A running transaction whose overlay holds more than {@link io.bstack.tx.TxOptions#earlyWriteBytes()}
 * of page images writes its fresh pages early, by the same rule, to the main file (synced) and drops
 * their images; it reads them back from there. They are reserved against cut-backs and checkpoints
 * until its commit tags them in-main in its record (the main file is synced before the record is
 * queued). A rollback, a rollback to a savepoint before them, or a failed commit cuts them off; a
 * crash before the commit's WAL push leaves no record naming them, so opening cuts them off too.
 *
 * <h2>Reads</h2>
 * A {@link io.bstack.tx.ReadTx} fixes the highest durable commit; each page read finds the newest
 * version at or below it in the in-memory WAL index (bytes in the WAL, zeros, or the main file for
 * an in-main version), else reads the main file through the buffer pool. The pool lives as long as
 * the store; pages rewritten under it are invalidated one by one.
 *
 * <h2>Checkpoints and recovery</h2>
 * A checkpoint copies the newest versions at or below {@code min(oldest snapshot, durable)} into the
 * main file, rewrites the superblock, and truncates the WAL when nothing newer or older is needed.
 * Opening replays the WAL up to the first torn record and discards the rest; a WAL of another
 * database is refused.
 */
package io.bstack.tx;
