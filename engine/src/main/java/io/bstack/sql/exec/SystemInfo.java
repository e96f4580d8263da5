package io.bstack.sql.exec;

import java.util.List;
import java.util.Map;

/**
 * What {@code INFORMATION_SCHEMA} shows beside the catalog: the database's name (the catalog name
 * of every object) and its open sessions. Implementations are thread-safe: sessions are read while
 * other threads run statements.
 */
public interface SystemInfo {

    /** No database behind the statement: catalog name "", no sessions. */
    SystemInfo NONE = new SystemInfo() {
        @Override
        public String catalogName() {
            return "";
        }

        @Override
        public List<SessionInfo> sessions() {
            return List.of();
        }
    };

    /** The catalog name: the database's name. */
    String catalogName();

    /** The open sessions, by id. */
    List<SessionInfo> sessions();

    /**
     * Named figures about the database now, in display order, for
     * {@code INFORMATION_SCHEMA.DATABASE_STATS} (sizes in bytes, counters since open); none by default.
     */
    default Map<String, Long> statistics() {
        return Map.of();
    }

    /** The default of {@link #maxRegionSize()}: 1 GiB. */
    long DEFAULT_MAX_REGION_SIZE = 1L << 30;

    /** The largest region SQL may allocate ({@code ALLOC}, {@code REALLOC}). */
    default long maxRegionSize() {
        return DEFAULT_MAX_REGION_SIZE;
    }

    /** The database's allocator, or null without a database (the storage views are then empty). */
    default AllocatorInfo allocator() {
        return null;
    }
}
