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
 * <h2>Pages overwritten in place</h2>
 * A commit with at least {@code directWriteMinPages} pages of another kind writes them over their
 * own main-file copy too (not with {@code Durability.OFF}: there a pushed version is not synced, so
 * after a power loss the main-file copy may be the only one left of the state replay reaches),
 * before its record is queued (one unjournaled write per run of pages and
 * one sync: {@link io.bstack.stack.BStack#setUnjournaled}): pages (typically of a region freed by
 * an earlier commit and now reused) whose main-file copy nobody can need, because the page's newest
 * version is
 * <ul>
 * <li>in the WAL or a zero page, pushed (durable), and not itself in the main file: so until the
 *     new record is durable, every reader, every replay and every checkpoint takes that version
 *     instead of the main-file copy;</li>
 * <li>newer than the superblock's checkpoint: so a crash before the new record is durable replays
 *     it, and the next checkpoint copies it back over the torn or uncommitted bytes;</li>
 * <li>no newer than the oldest live snapshot: no reader reads the main-file copy;</li>
 * </ul>
 * and the page lies within every length since the checkpoint and the transaction's own lowest
 * length (no checkpoint zeroes or cuts it). The record tags those pages in-main, like fresh ones.
 * Rules that keep this safe afterwards: a checkpoint never copies a version of a page that has an
 * in-main version above its target (that older version is stale in the main file; the newer
 * commit is durable, so replay restores its bytes from the main file); a checkpoint first pushes
 * any queued commit that wrote pages in place (so the superblock never passes the older version of
 * a page whose newer bytes are not durable yet); a commit taken back leaves the older version in
 * the index, which readers use and the next checkpoint copies back; a page whose newest version is
 * in the main file is never overwritten in place (its bytes are the only copy). The buffer pool
 * drops every page written in place. A crash at any moment therefore reopens to a prefix of
 * commits: before the record's push, the older version shadows the page; after it, the tag points
 * at bytes that were synced before the record was queued.
 *
 * <h2>Large writes over the copy at once</h2>
 * A single write of at least {@code directWriteMinPages} whole pages that the same rule lets be
 * overwritten (and that the transaction does not hold yet) goes over their main-file copy while
 * the transaction runs ({@link io.bstack.tx.ThroughWriter}: the longest run of such pages, from the
 * caller's array, one unjournaled write and one sync), and the overlay only notes them: a BLOB
 * stored into a reused region is copied once, into its final place, with no page images on the
 * heap. Until the commit's record is in the index (or the transaction ends) no checkpoint runs, so
 * the older versions that shadow those pages stay uncopied and in the WAL; a rollback, a rollback
 * to a savepoint before the write, or a crash leaves them shadowing the new bytes, and the next
 * checkpoint copies them back. Not with {@code Durability.OFF}, whose pushed versions may not be on
 * disk yet.
 *
 * <h2>Syncs of a commit</h2>
 * Small WAL pushes write into zeros kept ready past the WAL's end
 * ({@link io.bstack.stack.BStack#reserveTail}, 4 MiB at a time), so their sync does not record a
 * new file size; in-place pages do not change the main file's size either. A commit of a large
 * reused region thus costs two cheap syncs (its pages, then its record) and writes its bytes once.
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
 * main file (unjournaled: until the superblock names the new state, every copied page is still
 * shadowed by its WAL version), rewrites the superblock, and truncates the WAL when nothing newer
 * or older is needed. It runs when the WAL passes its size option or the index holds many
 * versions (commits that write their pages to the main file leave versions but few WAL bytes).
 * Opening replays the WAL up to the first torn record and discards the rest; a WAL of another
 * database is refused.
 */
package io.bstack.tx;
