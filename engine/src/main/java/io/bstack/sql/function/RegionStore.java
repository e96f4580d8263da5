package io.bstack.sql.function;

import io.bstack.alloc.Region;
import java.sql.SQLException;

/**
 * The regions of the database file that SQL allocates, as one statement's transaction sees them:
 * what the region functions ({@code ALLOC}, {@code REALLOC}, {@code FREE}, {@code REGION_READ},
 * ...) are built on. Every change goes through the transaction, so it commits or rolls back with
 * it; reads see the transaction's own writes and otherwise its snapshot.
 *
 * <p>A handle is the region's (offset, length) coordinate. Only handles of live SQL regions are
 * accepted: the database keeps a registry of them, so a forged, foreign or freed handle (a double
 * {@code FREE} included) is refused with {@code 22R01} before anything is touched. Other errors:
 * an offset or length outside the region, or a size above the database's {@code maxRegionSize},
 * is {@code 22003}; a negative or zero size or a negative count {@code 22023}; a change in a
 * read-only session or transaction {@code 25006}.
 */
public interface RegionStore {

    /** @return a new zero-filled region of {@code len} bytes (1 .. maxRegionSize) */
    Region alloc(long len) throws SQLException;

    /**
     * @return the region resized to {@code newLen}, possibly moved: the first min(old, new) bytes
     *     kept, grown bytes zero; {@code handle} is dead afterwards (unless returned unchanged)
     */
    Region realloc(Region handle, long newLen) throws SQLException;

    /** Frees {@code handle}; it is dead afterwards. */
    void free(Region handle) throws SQLException;

    /** @return {@code len} bytes of the region from {@code offset} */
    byte[] read(Region handle, long offset, long len) throws SQLException;

    /** Writes {@code bytes} into the region at {@code offset}. */
    void write(Region handle, long offset, byte[] bytes) throws SQLException;

    /** @return the region's length, after checking it is live */
    long size(Region handle) throws SQLException;

    /** Sets {@code len} bytes of the region from {@code offset} to {@code value}. */
    void fill(Region handle, long offset, long len, byte value) throws SQLException;

    /** Copies {@code len} bytes from one region (or the same one; overlap allowed) to another. */
    void copy(Region from, long fromOffset, Region to, long toOffset, long len) throws SQLException;
}
