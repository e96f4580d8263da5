package io.bstack.tx;

import io.bstack.stack.BStackInvalidInputException;
import io.bstack.stack.ByteStack;
import io.bstack.stack.StackWrite;
import static io.bstack.stack.StackArguments.checkArrayLength;
import static io.bstack.stack.StackArguments.checkLength;
import static io.bstack.stack.StackArguments.checkRange;
import static io.bstack.stack.StackArguments.checkedEnd;
import static io.bstack.stack.StackArguments.repeatTotal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A write transaction: a {@link ByteStack} view of the database whose every mutation goes to a
 * private overlay, so an allocator runs over it unchanged and its multi-call operations become
 * atomic. Reads see the overlay, then the committed state as of {@link TxStore#beginWrite} (every
 * commit before it, durable or not). Each call keeps {@link io.bstack.stack.BStack}'s semantics:
 * the same argument checks and exception types, the same results, all or nothing.
 *
 * <p>{@link #commit()} makes every change durable together (per the store's {@link Durability});
 * {@link #rollback()} and {@link #close()} of an uncommitted transaction discard them. Savepoints
 * nest. After commit or rollback every method but {@link #close()} and {@link #needsReopen()}
 * throws {@link IllegalStateException}.
 *
 * <p>Allocators keep in-memory state derived from the bytes: after {@link #rollback()} or
 * {@link #rollbackTo} the caller must reopen its allocator over the transaction (or a new one).
 * Do not {@code close()} an allocator opened over a transaction unless you mean to end the
 * transaction: closing the allocator closes its stack, which rolls back.
 *
 * <p>A transaction may write more than the heap holds: beyond {@link TxOptions#earlyWriteBytes()}
 * of changed pages, its fresh pages (beyond everything any snapshot can read) go to the main file
 * while it runs ({@link EarlyWriter}); rollback cuts them off again.
 *
 * <p>Always end a transaction (try-with-resources): one that is never committed, rolled back or
 * closed keeps the store's write lock.
 *
 * <p>Thread-safety: not thread-safe; one thread at a time (it may be committed on another
 * thread than the one that began it). The store lets only one write transaction exist at a time.
 */
public final class WriteTx implements ByteStack {
    private static final int HEADER = 32;
    private static final int COPY_CHUNK = 1 << 20;

    private final TxStore store;
    private final long baseSeq;
    private final Overlay overlay;
    private final EarlyWriter early;
    private final ThroughWriter through;
    private boolean active = true;
    private int savepoints;
    private boolean lockReleased;
    /** Callers holding changes in memory (see {@link #holdWrites}), in the order they started. */
    private final List<HeldWrites> held = new ArrayList<>();

    private final long epoch;

    WriteTx(TxStore store, long baseSeq, long baseLen, long epoch) {
        this.store = store;
        this.baseSeq = baseSeq;
        this.epoch = epoch;
        this.overlay = new Overlay(store.files().pageSize(), this::readBase, store.files()::readMainPage, baseLen);
        this.early = new EarlyWriter(store.files(), store.log(), store.options().earlyWriteBytes(), store.log().earlyPages);
        this.through = new ThroughWriter(store.files(), store.log(), store.options());
    }

    /**
     * Reads committed bytes of the base. Refuses once the base was taken back (a commit it
     * includes failed its push), so allocator code does not run on a state that no longer
     * exists; the commit would abort anyway.
     */
    private void readBase(long pageNo, int in, byte[] dst, int off, int n) throws IOException {
        if (store.log().headSeq() != baseSeq) {
            throw new TxAbortedException("commit " + baseSeq + ", which this transaction was built on, failed its WAL"
                    + " push and was taken back; roll back and retry", store.log().lastFailure());
        }
        store.files().read(pageNo, baseSeq, in, dst, off, n);
    }

    /** The commit sequence this transaction started from. */
    public long baseSeq() {
        return baseSeq;
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Commits every change as one unit and returns its commit sequence (or {@link #baseSeq()} when
     * nothing changed). Releases the write lock before waiting for durability, so the next writer
     * may start (and sees this commit). With {@link Durability#FULL} it returns after the WAL push
     * holding the record; a failed push throws that push's exception and the changes are gone.
     *
     * @throws TxAbortedException if a commit this one was built on failed its push meanwhile
     */
    public long commit() throws IOException {
        ensureActive();
        flushHeld(null); // a failure here leaves the transaction active: the caller rolls back
        active = false;
        boolean wroteEarly = overlay.hasEarly();
        CommitLog.Pending pending;
        try {
            CommitRecord rec = overlay.toRecord();
            if (rec == null && wroteEarly) {
                early.cutBack(null); // grew, wrote early, and shrank back: nothing to commit
            }
            pending = rec == null ? null : store.log().enqueue(rec, baseSeq);
        } catch (IOException | RuntimeException e) {
            if (wroteEarly) {
                early.cutBack(null);
            }
            throw e;
        } finally {
            through.end(); // before the next writer may start: its hold is its own
            releaseLock();
        }
        if (pending == null) {
            return baseSeq;
        }
        long seq = pending.rec.seq();
        overlay.publications().forEach(d -> store.log().decoded.put(d.offset(), d.length(), seq, epoch, d.value()));
        store.log().await(pending);
        return pending.rec.seq();
    }

    private void releaseLock() {
        if (!lockReleased) {
            lockReleased = true;
            store.writerLock().release();
        }
    }

    /** Discards every change and ends the transaction; a no-op for the committed state. */
    public void rollback() {
        ensureActive();
        end();
    }

    private void end() {
        active = false;
        discardHeld();
        try {
            if (overlay.hasEarly()) {
                early.cutBack(null);
            }
        } finally {
            through.end();
            releaseLock();
        }
    }

    private void discardHeld() {
        for (HeldWrites h : held) {
            h.discard();
        }
        held.clear();
    }

    /** Rolls back if still active; otherwise nothing. */
    @Override
    public void close() {
        if (active) {
            end();
        }
    }

    /** Page images this transaction holds on the heap now (its overlay, all savepoint levels). */
    long heldPages() {
        return overlay.imagePages();
    }

    /** Whether commit or rollback has not happened yet. */
    public boolean isActive() {
        return active;
    }

    /**
     * A rollback point; nested savepoints roll back and release independently. Held changes (see
     * {@link #holdWrites}) are written first, so they belong to the state before the savepoint.
     */
    public Savepoint savepoint() throws IOException {
        ensureActive();
        flushHeld(null);
        Savepoint sp = new Savepoint(this, overlay.depth(), ++savepoints);
        overlay.push(sp);
        return sp;
    }

    /** Undoes everything since {@code sp}; {@code sp} stays valid, later savepoints do not. */
    public void rollbackTo(Savepoint sp) {
        ensureActive();
        checkSavepoint(sp);
        discardHeld(); // written before the savepoint, or made after it: either way not to be written now
        if (overlay.rollbackTo(sp.depth)) {
            early.cutBack(overlay);
        }
    }

    /**
     * Forgets {@code sp} (and later savepoints), keeping their changes.
     *
     * @throws IOException if a page written over its main-file copy had to be read back (a shrink
     *     inside it); the savepoint stays
     */
    public void release(Savepoint sp) throws IOException {
        ensureActive();
        checkSavepoint(sp);
        overlay.release(sp.depth);
    }

    private void checkSavepoint(Savepoint sp) {
        Objects.requireNonNull(sp, "savepoint");
        if (sp.tx != this || !overlay.isLive(sp.depth, sp)) {
            throw new IllegalArgumentException(sp + " is not a live savepoint of this transaction");
        }
    }

    /**
     * Takes {@code holder}'s changes as held: they are written by {@link HeldWrites#flush} before
     * {@link #commit}, {@link #savepoint} or another holder's {@link #flushHeld}, and discarded by
     * rollback. Each call counts as a change.
     */
    @Override
    public boolean holdWrites(HeldWrites holder) {
        ensureActive();
        Objects.requireNonNull(holder, "holder");
        if (!held.contains(holder)) {
            held.add(holder);
        }
        overlay.noteChange();
        return true;
    }

    @Override
    public void flushHeld(HeldWrites except) throws IOException {
        ensureActive();
        for (int i = 0; i < held.size(); ) {
            HeldWrites h = held.get(i);
            if (h == except) {
                i++;
                continue;
            }
            h.flush(); // may fail: it stays held, to be flushed again or discarded
            held.remove(i);
        }
    }

    /**
     * What an earlier caller decoded from these bytes: from this transaction's own changes if it
     * changed them (kept for its commit), else what any transaction decoded from the same committed
     * bytes.
     */
    @Override
    public Object decoded(long offset, int length) {
        if (!active || offset < 0 || length <= 0 || offset > overlay.len() - length) {
            return null;
        }
        if (overlay.untouched(offset, length)) {
            return store.log().decoded.get(offset, length, baseSeq, epoch);
        }
        return overlay.publications().get(offset, length);
    }

    /** Shares a decoding of committed bytes now, or of this transaction's changes at its commit. */
    @Override
    public void keepDecoded(long offset, int length, Object value) {
        if (!active || offset < 0 || length <= 0 || offset > overlay.len() - length) {
            return;
        }
        if (overlay.untouched(offset, length)) {
            store.log().decoded.put(offset, length, baseSeq, epoch, value);
        } else {
            overlay.publications().add(offset, length, value);
        }
    }

    // ---------------------------------------------------------------- reads

    @Override
    public long writeCount() {
        return overlay.mutations();
    }

    @Override
    public long len() {
        ensureActive();
        return overlay.len();
    }

    @Override
    public boolean isEmpty() {
        return len() == 0;
    }

    /** Whether the store failed and must be reopened (this transaction cannot commit then). */
    @Override
    public boolean needsReopen() {
        return store.needsReopen();
    }

    @Override
    public byte[] get(long start, long end) throws IOException {
        ensureActive();
        checkLength(start, "start");
        checkLength(end, "end");
        if (start > end) {
            throw new BStackInvalidInputException("start " + start + " > end " + end);
        }
        checkArrayLength(end - start);
        byte[] out = new byte[(int) (end - start)];
        getInto(start, out);
        return out;
    }

    @Override
    public void getInto(long start, byte[] buf) throws IOException {
        ensureActive();
        Objects.requireNonNull(buf, "buf");
        checkLength(start, "start");
        long end = checkedEnd(start, buf.length);
        checkRange(start, end, overlay.len());
        overlay.read(start, buf, 0, buf.length);
    }

    // ---------------------------------------------------------------- in place

    @Override
    public void set(long offset, byte[] data) throws IOException {
        ensureActive();
        Objects.requireNonNull(data, "data");
        checkLength(offset, "offset");
        long end = checkedEnd(offset, data.length);
        checkRange(offset, end, overlay.len());
        long[] written = through.write(overlay, baseSeq, offset, data);
        if (written == null) {
            overlay.write(offset, data, 0, data.length);
        } else {
            overlay.writeAround(offset, data, written[0], written[1]);
        }
        early.maybeWrite(overlay, baseSeq);
    }

    @Override
    public void setBatched(List<StackWrite> writes) throws IOException {
        ensureActive();
        Objects.requireNonNull(writes, "writes");
        List<StackWrite> all = List.copyOf(writes);
        List<StackWrite> sorted = new ArrayList<>();
        for (StackWrite w : all) {
            checkLength(w.offset(), "offset");
            checkedEnd(w.offset(), w.data().length);
            if (w.data().length > 0) {
                sorted.add(w);
            }
        }
        sorted.sort(Comparator.comparingLong(StackWrite::offset));
        for (int i = 1; i < sorted.size(); i++) {
            StackWrite prev = sorted.get(i - 1);
            if (prev.offset() + prev.data().length > sorted.get(i).offset()) {
                throw new BStackInvalidInputException("batched writes at " + prev.offset() + " and "
                        + sorted.get(i).offset() + " overlap");
            }
        }
        for (StackWrite w : all) {
            checkRange(w.offset(), w.offset() + w.data().length, overlay.len());
        }
        for (StackWrite w : sorted) {
            overlay.write(w.offset(), w.data(), 0, w.data().length);
        }
        early.maybeWrite(overlay, baseSeq);
    }

    @Override
    public void zero(long offset, long n) throws IOException {
        repeat(offset, new byte[] {0}, n);
    }

    @Override
    public void repeat(long offset, byte[] pattern, long count) throws IOException {
        ensureActive();
        Objects.requireNonNull(pattern, "pattern");
        checkLength(offset, "offset");
        long total = repeatTotal(pattern, count);
        long end = checkedEnd(offset, total);
        checkRange(offset, end, overlay.len());
        if (total == 0) {
            return;
        }
        byte[] p = pattern.clone();
        // In pieces of whole patterns, so a fill larger than the heap can be written early as it goes.
        long piece = Math.max(1, COPY_CHUNK / p.length) * p.length;
        for (long done = 0; done < total; done += piece) {
            overlay.fill(offset + done, p, Math.min(piece, total - done));
            early.maybeWrite(overlay, baseSeq);
        }
    }

    @Override
    public void copy(long src, long dst, long n) throws IOException {
        ensureActive();
        checkLength(src, "src");
        checkLength(dst, "dst");
        checkLength(n, "n");
        long srcEnd = checkedEnd(src, n);
        long dstEnd = checkedEnd(dst, n);
        checkRange(src, srcEnd, overlay.len());
        checkRange(dst, dstEnd, overlay.len());
        if (n == 0 || src == dst) {
            return;
        }
        byte[] buf = new byte[(int) Math.min(n, COPY_CHUNK)];
        boolean backwards = dst > src && dst < srcEnd;
        long done = 0;
        while (done < n) {
            int k = (int) Math.min(buf.length, n - done);
            long from = backwards ? srcEnd - done - k : src + done;
            long to = backwards ? dstEnd - done - k : dst + done;
            overlay.read(from, buf, 0, k);
            overlay.write(to, buf, 0, k);
            done += k;
            early.maybeWrite(overlay, baseSeq);
        }
    }

    @Override
    public boolean cas(long offset, byte[] expected, byte[] replacement) throws IOException {
        ensureActive();
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(replacement, "replacement");
        checkLength(offset, "offset");
        long end = checkedEnd(offset, expected.length);
        checkRange(offset, end, overlay.len());
        if (expected.length != replacement.length) {
            return false;
        }
        byte[] current = new byte[expected.length];
        overlay.read(offset, current, 0, current.length);
        if (!Arrays.equals(current, expected)) {
            return false;
        }
        overlay.write(offset, replacement.clone(), 0, replacement.length);
        early.maybeWrite(overlay, baseSeq);
        return true;
    }

    // ---------------------------------------------------------------- size changes

    @Override
    public long push(byte[] data) throws IOException {
        ensureActive();
        Objects.requireNonNull(data, "data");
        long at = overlay.len();
        checkGrowth(at, data.length);
        overlay.setLen(at + data.length);
        overlay.write(at, data, 0, data.length);
        early.maybeWrite(overlay, baseSeq);
        return at;
    }

    @Override
    public long extend(long n) throws IOException {
        ensureActive();
        checkLength(n, "n");
        long at = overlay.len();
        checkGrowth(at, n);
        overlay.setLen(at + n);
        return at;
    }

    @Override
    public void discard(long n) throws IOException {
        ensureActive();
        checkLength(n, "n");
        checkShrink(n);
        overlay.setLen(overlay.len() - n);
    }

    @Override
    public boolean tryDiscard(long expectedLen, long n) throws IOException {
        ensureActive();
        checkLength(expectedLen, "expectedLen");
        checkLength(n, "n");
        if (overlay.len() != expectedLen) {
            return false;
        }
        checkShrink(n);
        overlay.setLen(overlay.len() - n);
        return true;
    }

    @Override
    public void atrunc(long n, byte[] tail) throws IOException {
        ensureActive();
        Objects.requireNonNull(tail, "tail");
        checkLength(n, "n");
        checkShrink(n);
        long at = overlay.len() - n;
        checkGrowth(at, tail.length);
        overlay.setLen(at);
        overlay.setLen(at + tail.length);
        overlay.write(at, tail, 0, tail.length);
        early.maybeWrite(overlay, baseSeq);
    }

    @Override
    public String toString() {
        return "WriteTx[base " + baseSeq + (active ? ", len=" + overlay.len() : ", ended") + "]";
    }

    // ---------------------------------------------------------------- checks (as BStack's)

    private void ensureActive() {
        if (!active) {
            throw new IllegalStateException("the write transaction has ended (committed or rolled back)");
        }
    }

    private void checkShrink(long n) throws BStackInvalidInputException {
        if (n > overlay.len()) {
            throw new BStackInvalidInputException("cannot remove " + n + " bytes from a " + overlay.len() + "-byte stack");
        }
    }

    static void checkGrowth(long len, long n) throws BStackInvalidInputException {
        if (n > Long.MAX_VALUE - HEADER - len) {
            throw new BStackInvalidInputException("a stack cannot grow beyond 2^63-1 bytes");
        }
    }




}
