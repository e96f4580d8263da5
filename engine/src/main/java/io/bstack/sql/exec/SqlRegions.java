package io.bstack.sql.exec;

import io.bstack.alloc.BStackAllocator;
import io.bstack.alloc.Region;
import io.bstack.alloc.RegionHandle;
import io.bstack.btree.Catalog;
import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.function.RegionStore;
import io.bstack.stack.ByteStack;
import java.io.IOException;
import java.sql.SQLDataException;
import java.sql.SQLException;

/**
 * The {@link RegionStore} of one statement: regions handed out by the transaction's allocator and
 * recorded in the catalog's registry of live SQL regions, their bytes read and written through the
 * transaction's view. Every check happens before anything changes, so a refused call leaves the
 * transaction as it was; a failure after a change fails the statement, which the session undoes.
 *
 * <table>
 * <caption>SQLStates</caption>
 * <tr><th>state</th><th>when</th></tr>
 * <tr><td>22R01</td><td>a handle that is not a live SQL region: forged, of another database, freed
 *     (a double FREE), or a live region's offset with another length</td></tr>
 * <tr><td>22003</td><td>an offset or length outside the region; a size above maxRegionSize; a read
 *     of more than {@value #MAX_READ} bytes</td></tr>
 * <tr><td>22023</td><td>a negative or zero size; a negative offset or count</td></tr>
 * <tr><td>25006</td><td>a change where the statement only reads (read-only session)</td></tr>
 * <tr><td>0A000</td><td>a REALLOC the allocator cannot do (linear: any region but the last)</td></tr>
 * <tr><td>HY000</td><td>an I/O failure</td></tr>
 * </table>
 */
final class SqlRegions implements RegionStore {
    /** The most bytes one read returns (the longest VARBINARY). */
    static final long MAX_READ = ColumnType.MAX_STRING_LENGTH;

    private final Catalog catalog;
    private final long maxRegionSize;

    SqlRegions(Catalog catalog, long maxRegionSize) {
        this.catalog = catalog;
        this.maxRegionSize = maxRegionSize;
    }

    private ByteStack view() {
        return catalog.stack();
    }

    private BStackAllocator allocator(String what) throws SQLException {
        BStackAllocator a = catalog.allocator();
        if (a == null) {
            throw new SQLException(what + " changes the database: it cannot run in a read-only statement or"
                    + " session", "25006");
        }
        return a;
    }

    private void checkSize(String what, long len) throws SQLException {
        if (len <= 0) {
            throw new SQLDataException(what + ": the size " + len + " is not positive", "22023");
        }
        if (len > maxRegionSize) {
            throw new SQLDataException(what + ": the size " + len + " is above the limit of " + maxRegionSize
                    + " bytes (maxRegionSize)", "22003");
        }
    }

    /** The registry's entry for {@code handle}, or 22R01. */
    private Catalog.SqlRegion live(String what, Region handle) throws SQLException {
        Catalog.SqlRegion entry;
        try {
            entry = catalog.sqlRegion(handle.offset());
        } catch (IOException e) {
            throw io(e);
        }
        if (entry == null || entry.region().len() != handle.len()) {
            throw new SQLDataException(what + ": " + io.bstack.sql.eval.RegionText.format(handle) + " is not a live"
                    + " region of this database (forged, freed already, or from another database)", "22R01");
        }
        return entry;
    }

    private static void checkRange(String what, Region handle, long offset, long len) throws SQLException {
        if (offset < 0 || len < 0) {
            throw new SQLDataException(what + ": negative offset " + offset + " or length " + len, "22023");
        }
        if (offset > handle.len() || len > handle.len() - offset) {
            throw new SQLDataException(what + ": bytes [" + offset + ", " + offset + " + " + len + ") lie outside the "
                    + handle.len() + "-byte region", "22003");
        }
    }

    private static SQLException io(IOException e) {
        return new SQLException("region I/O failed: " + e.getMessage(), "HY000", e);
    }

    @Override
    public Region alloc(long len) throws SQLException {
        checkSize("ALLOC", len);
        BStackAllocator a = allocator("ALLOC");
        try {
            RegionHandle h = a.alloc(len);
            catalog.registerRegion(h.region(), System.currentTimeMillis());
            return h.region();
        } catch (IOException e) {
            throw io(e);
        }
    }

    @Override
    public Region realloc(Region handle, long newLen) throws SQLException {
        Catalog.SqlRegion entry = live("REALLOC", handle);
        checkSize("REALLOC", newLen);
        BStackAllocator a = allocator("REALLOC");
        try {
            RegionHandle h = a.realloc(a.reclaim(handle), newLen);
            catalog.unregisterRegion(handle.offset());
            catalog.registerRegion(h.region(), entry.createdMillis());
            return h.region();
        } catch (io.bstack.alloc.BStackAllocException e) {
            if (e.getCause() instanceof io.bstack.stack.BStackUnsupportedException) {
                throw new java.sql.SQLFeatureNotSupportedException("REALLOC: this database's allocator cannot resize"
                        + " this region (" + e.getCause().getMessage() + "); ALLOC a new one, REGION_COPY, FREE the old",
                        "0A000", e);
            }
            throw io(e);
        } catch (IOException e) {
            throw io(e);
        }
    }

    @Override
    public void free(Region handle) throws SQLException {
        live("FREE", handle);
        BStackAllocator a = allocator("FREE");
        try {
            a.dealloc(a.reclaim(handle));
            catalog.unregisterRegion(handle.offset());
        } catch (IOException e) {
            throw io(e);
        }
    }

    @Override
    public byte[] read(Region handle, long offset, long len) throws SQLException {
        live("REGION_READ", handle);
        checkRange("REGION_READ", handle, offset, len);
        if (len > MAX_READ) {
            throw new SQLDataException("REGION_READ: " + len + " bytes are more than one read returns (" + MAX_READ
                    + "); read it in parts", "22003");
        }
        try {
            return view().get(handle.offset() + offset, handle.offset() + offset + len);
        } catch (IOException e) {
            throw io(e);
        }
    }

    @Override
    public void write(Region handle, long offset, byte[] bytes) throws SQLException {
        live("REGION_WRITE", handle);
        checkRange("REGION_WRITE", handle, offset, bytes.length);
        allocator("REGION_WRITE");
        try {
            if (bytes.length > 0) {
                view().set(handle.offset() + offset, bytes);
            }
        } catch (IOException e) {
            throw io(e);
        }
    }

    @Override
    public long size(Region handle) throws SQLException {
        return live("REGION_SIZE", handle).region().len();
    }

    @Override
    public void fill(Region handle, long offset, long len, byte value) throws SQLException {
        live("REGION_FILL", handle);
        checkRange("REGION_FILL", handle, offset, len);
        allocator("REGION_FILL");
        try {
            if (len == 0) {
                return;
            }
            if (value == 0) {
                view().zero(handle.offset() + offset, len);
            } else {
                view().repeat(handle.offset() + offset, new byte[] {value}, len);
            }
        } catch (IOException e) {
            throw io(e);
        }
    }

    @Override
    public void copy(Region from, long fromOffset, Region to, long toOffset, long len) throws SQLException {
        live("REGION_COPY", from);
        live("REGION_COPY", to);
        checkRange("REGION_COPY", from, fromOffset, len);
        checkRange("REGION_COPY", to, toOffset, len);
        allocator("REGION_COPY");
        try {
            if (len > 0) {
                view().copy(from.offset() + fromOffset, to.offset() + toOffset, len);
            }
        } catch (IOException e) {
            throw io(e);
        }
    }
}
