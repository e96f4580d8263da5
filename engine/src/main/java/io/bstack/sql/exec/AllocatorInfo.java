package io.bstack.sql.exec;

import io.bstack.alloc.Region;
import io.bstack.stack.ByteStack;
import java.io.IOException;
import java.util.List;

/**
 * What the storage views ({@code INFORMATION_SCHEMA.ALLOCATOR} and {@code FILE_MAP}) need to know
 * of the database's allocator, read from a view without changing it. Thread-safe.
 */
public interface AllocatorInfo {
    /** The allocator's name, lower case (as the {@code allocator=} option spells it). */
    String kindName();

    /** Where the arena starts: below it lie the allocator's header and the database superblock. */
    long arenaStart();

    /** The free blocks, metadata included, by address. */
    List<Region> freeExtents(ByteStack view) throws IOException;

    /** The block live region {@code handle} occupies, the allocator's header, footer and padding included. */
    Region blockOf(ByteStack view, Region handle) throws IOException;
}
