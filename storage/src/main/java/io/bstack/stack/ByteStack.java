package io.bstack.stack;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * The byte-stack operations the region allocators use, so that an allocator runs unchanged over
 * the durable file ({@link BStack}) or over a transaction's view of it. Every implementation keeps
 * {@link BStack}'s semantics for these calls: the same argument checks and exceptions, the same
 * results, each call all-or-nothing. What "durable" means is the implementation's: a
 * {@link BStack} call is on disk when it returns; a transactional view's calls become durable
 * together, at commit.
 *
 * <p>Thread-safety: as documented by the implementation.
 */
public interface ByteStack extends Closeable {

    /** The current payload length. */
    long len();

    /** Whether {@link #len()} is 0. */
    boolean isEmpty();

    /**
     * A number that changes whenever this stack's bytes or length change, through any caller; two
     * equal readings mean nothing changed in between. Caches over a stack (decoded tree nodes, a
     * cursor's position) use it to know they are still right. An unchanging view returns a constant.
     */
    long writeCount();

    /** Whether a failed call left this stack refusing further calls until it is reopened. */
    boolean needsReopen();

    /** The bytes of {@code [start, end)}. */
    byte[] get(long start, long end) throws IOException;

    /** Fills {@code buf} with the bytes starting at {@code start}. */
    void getInto(long start, byte[] buf) throws IOException;

    /** Overwrites {@code [offset, offset+data.length)}, all or nothing. */
    void set(long offset, byte[] data) throws IOException;

    /** Applies every write, all or nothing. */
    void setBatched(List<StackWrite> writes) throws IOException;

    /** Zeroes {@code [offset, offset+n)}, all or nothing. */
    void zero(long offset, long n) throws IOException;

    /** Writes {@code pattern} {@code count} times from {@code offset}, all or nothing. */
    void repeat(long offset, byte[] pattern, long count) throws IOException;

    /** Copies {@code n} bytes from {@code src} to {@code dst} (ranges may overlap), all or nothing. */
    void copy(long src, long dst, long n) throws IOException;

    /** Writes {@code replacement} at {@code offset} only if the bytes there equal {@code expected}. */
    boolean cas(long offset, byte[] expected, byte[] replacement) throws IOException;

    /** Appends {@code data}; returns the offset it was written at. */
    long push(byte[] data) throws IOException;

    /** Appends {@code n} zero bytes; returns their offset. */
    long extend(long n) throws IOException;

    /** Removes the last {@code n} bytes. */
    void discard(long n) throws IOException;

    /** Discards {@code n} bytes only if the length is {@code expectedLen}; says whether it did. */
    boolean tryDiscard(long expectedLen, long n) throws IOException;

    /** Removes the last {@code n} bytes and appends {@code tail}, as one step. */
    void atrunc(long n, byte[] tail) throws IOException;

    /** Closes this stack: the file for {@link BStack}, only the view for a view over one. */
    @Override
    void close() throws IOException;

    /**
     * Lets {@code holder} keep changes to this stack in memory and write them later, when this stack
     * promises to call {@link HeldWrites#flush} before those changes must be in its bytes (a commit,
     * a savepoint, another caller asking through {@link #flushHeld}) and {@link HeldWrites#discard}
     * when they are rolled back. A held change counts as a change: {@link #writeCount()} moves, so
     * other caches over this stack notice it. Returns false when this stack makes no such promise
     * (the default: a plain file), and the caller must write its change now.
     */
    default boolean holdWrites(HeldWrites holder) {
        return false;
    }

    /** Makes every holder but {@code except} (which may be null) write its held changes now. */
    default void flushHeld(HeldWrites except) throws IOException {
    }

    /**
     * A value an earlier caller decoded from exactly the bytes {@code [offset, offset+length)} as
     * this view reads them now (offered through {@link #keepDecoded}, possibly by another view of
     * the same database), or null. Lets a transaction start with what earlier ones decoded (tree
     * nodes) instead of decoding the pages again. The default knows nothing.
     */
    default Object decoded(long offset, int length) {
        return null;
    }

    /**
     * Offers {@code value}, decoded from {@code [offset, offset+length)} as this view reads them now,
     * to later calls of {@link #decoded} on this or other views for which those bytes are the same.
     * The value must be immutable: other threads may use it. The default keeps nothing.
     */
    default void keepDecoded(long offset, int length, Object value) {
    }

    /** Changes a caller keeps in memory and writes to the stack later; see {@link #holdWrites}. */
    interface HeldWrites {
        /** Writes every held change to the stack. */
        void flush() throws IOException;

        /** Forgets every held change: the stack rolled back past them. */
        void discard();
    }
}
