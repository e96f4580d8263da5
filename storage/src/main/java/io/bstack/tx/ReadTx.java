package io.bstack.tx;

import io.bstack.stack.ByteStack;
import io.bstack.stack.StackWrite;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.Objects;

/**
 * A read-only snapshot of the database: the state as of commit {@link #snapshotSeq()}, the highest
 * durable (pushed) commit when it began. Every read sees exactly that state, whatever commits or
 * checkpoints run meanwhile; it never sees uncommitted or torn bytes and never takes the write
 * lock. Reads resolve each page in the WAL index, else read the main file through the buffer
 * pool. Every mutation throws {@link TxReadOnlyException}. {@link #close()} releases the snapshot
 * (an open snapshot keeps the WAL from being truncated); after it, reads throw
 * {@link ClosedChannelException}.
 *
 * <p>Thread-safety: safe for concurrent reads from several threads.
 */
public final class ReadTx implements ByteStack {
    private final TxStore store;
    private final long snapshot;
    private final long len;
    private final long epoch;
    private volatile boolean closed;

    ReadTx(TxStore store, long snapshot, long len, long epoch) {
        this.store = store;
        this.snapshot = snapshot;
        this.len = len;
        this.epoch = epoch;
    }

    /** The commit sequence this snapshot shows. */
    public long snapshotSeq() {
        return snapshot;
    }

    @Override
    public long writeCount() {
        return 0; // a snapshot never changes
    }

    @Override
    public long len() {
        return len;
    }

    @Override
    public boolean isEmpty() {
        return len == 0;
    }

    @Override
    public boolean needsReopen() {
        return store.needsReopen();
    }

    @Override
    public byte[] get(long start, long end) throws IOException {
        io.bstack.stack.StackArguments.checkLength(start, "start");
        io.bstack.stack.StackArguments.checkLength(end, "end");
        if (start > end) {
            throw new io.bstack.stack.BStackInvalidInputException("start " + start + " > end " + end);
        }
        io.bstack.stack.StackArguments.checkArrayLength(end - start);
        byte[] out = new byte[(int) (end - start)];
        getInto(start, out);
        return out;
    }

    @Override
    public void getInto(long start, byte[] buf) throws IOException {
        Objects.requireNonNull(buf, "buf");
        io.bstack.stack.StackArguments.checkLength(start, "start");
        long end = io.bstack.stack.StackArguments.checkedEnd(start, buf.length);
        if (closed) {
            throw new ClosedChannelException();
        }
        io.bstack.stack.StackArguments.checkRange(start, end, len);
        int ps = store.files().pageSize();
        long pos = start;
        int off = 0;
        while (off < buf.length) {
            int in = (int) (pos % ps);
            int k = Math.min(buf.length - off, ps - in);
            store.files().read(pos / ps, snapshot, in, buf, off, k);
            pos += k;
            off += k;
        }
    }

    @Override
    public Object decoded(long offset, int length) {
        return closed || !inRange(offset, length) ? null : store.log().decoded.get(offset, length, snapshot, epoch);
    }

    @Override
    public void keepDecoded(long offset, int length, Object value) {
        if (!closed && inRange(offset, length)) {
            store.log().decoded.put(offset, length, snapshot, epoch, value);
        }
    }

    private boolean inRange(long offset, int length) {
        return offset >= 0 && length > 0 && offset <= len - length;
    }

    private TxReadOnlyException readOnly(String op) {
        return new TxReadOnlyException(op + " on a read transaction (snapshot " + snapshot + ")");
    }

    @Override
    public void set(long offset, byte[] data) throws IOException {
        throw readOnly("set");
    }

    @Override
    public void setBatched(List<StackWrite> writes) throws IOException {
        throw readOnly("setBatched");
    }

    @Override
    public void zero(long offset, long n) throws IOException {
        throw readOnly("zero");
    }

    @Override
    public void repeat(long offset, byte[] pattern, long count) throws IOException {
        throw readOnly("repeat");
    }

    @Override
    public void copy(long src, long dst, long n) throws IOException {
        throw readOnly("copy");
    }

    @Override
    public boolean cas(long offset, byte[] expected, byte[] replacement) throws IOException {
        throw readOnly("cas");
    }

    @Override
    public long push(byte[] data) throws IOException {
        throw readOnly("push");
    }

    @Override
    public long extend(long n) throws IOException {
        throw readOnly("extend");
    }

    @Override
    public void discard(long n) throws IOException {
        throw readOnly("discard");
    }

    @Override
    public boolean tryDiscard(long expectedLen, long n) throws IOException {
        throw readOnly("tryDiscard");
    }

    @Override
    public void atrunc(long n, byte[] tail) throws IOException {
        throw readOnly("atrunc");
    }

    /** Releases the snapshot; idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            store.snapshots().release(snapshot);
        }
    }

    @Override
    public String toString() {
        return "ReadTx[snapshot " + snapshot + ", len=" + len + (closed ? ", closed" : "") + "]";
    }
}
