package io.bstack.sql;

import io.bstack.alloc.BStackAllocator;
import io.bstack.alloc.FirstFitAllocator;
import io.bstack.alloc.GhostTreeAllocator;
import io.bstack.alloc.SegregatedAllocator;
import io.bstack.stack.ByteStack;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The allocator a database's regions come from, chosen when the database is created and recorded
 * in its header. GhostTree, first-fit and segregated keep the caller's bytes at the start of the
 * file (where the database header lives), free and reuse space, and serve regions of any size —
 * what tables, indexes and overflow values need. Linear is offered for append-mostly databases:
 * it never reuses freed space except at the end of the file (a freed region elsewhere stays in the
 * file for good, and only the last region can be resized), and its first region holds the
 * database header. Not offered ({@link #whyNotOffered}): the slab allocators (one region size
 * only, while tree pages, overflow values and SQL regions need many) and the manual allocator (it
 * records no allocations, so nothing could be reopened).
 */
public enum AllocatorKind implements io.bstack.sql.exec.AllocatorInfo {
    /** Free blocks in a self-balancing tree kept in the free space itself; best fit, coalescing. */
    GHOSTTREE('G', 48),
    /** A free list searched first fit, coalescing neighbours. */
    FIRSTFIT('F', 48),
    /** Free lists by size class (powers of two), with an oversized list; fast, some internal slack. */
    SEGREGATED('S', 304),
    /** Bump allocation at the end of the file; freed space is reused only at the end. */
    LINEAR('L', 16);

    private final byte code;
    private final long arenaStart;

    AllocatorKind(char code, long arenaStart) {
        this.code = (byte) code;
        this.arenaStart = arenaStart;
    }

    /** The byte the database header records. */
    byte code() {
        return code;
    }

    /** Opens the allocator over {@code stack} (writing its header when the stack is empty). */
    public BStackAllocator open(ByteStack stack) throws IOException {
        return switch (this) {
            case GHOSTTREE -> new GhostTreeAllocator(stack);
            case FIRSTFIT -> new FirstFitAllocator(stack);
            case SEGREGATED -> new SegregatedAllocator(stack);
            case LINEAR -> new io.bstack.alloc.LinearAllocator(stack);
        };
    }

    @Override
    public String kindName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public long arenaStart() {
        return arenaStart;
    }

    @Override
    public java.util.List<io.bstack.alloc.Region> freeExtents(ByteStack view) throws IOException {
        return switch (this) {
            case GHOSTTREE -> io.bstack.alloc.FreeSpace.ghostTree(view);
            case FIRSTFIT -> io.bstack.alloc.FreeSpace.firstFit(view);
            case SEGREGATED -> io.bstack.alloc.FreeSpace.segregated(view);
            case LINEAR -> java.util.List.of(); // freed space at the end is given back to the file; elsewhere it stays used
        };
    }

    @Override
    public io.bstack.alloc.Region blockOf(ByteStack view, io.bstack.alloc.Region handle) throws IOException {
        return switch (this) {
            case GHOSTTREE -> io.bstack.alloc.FreeSpace.ghostTreeBlock(handle);
            case FIRSTFIT -> io.bstack.alloc.FreeSpace.firstFitBlock(view, handle);
            case SEGREGATED -> io.bstack.alloc.FreeSpace.segregatedBlock(view, handle);
            case LINEAR -> handle;
        };
    }

    /** The kind recorded as {@code code}, or null. */
    static AllocatorKind ofCode(byte code) {
        for (AllocatorKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        return null;
    }

    /** The kind named {@code name} (any case), or null. */
    public static AllocatorKind named(String name) {
        for (AllocatorKind k : values()) {
            if (k.name().equalsIgnoreCase(name.trim())) {
                return k;
            }
        }
        return null;
    }

    /**
     * Why the allocator called {@code name} (any case) cannot hold a database, or null when it is
     * one of these kinds or unknown.
     */
    public static String whyNotOffered(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "slab", "checkedslab", "checked-slab" -> "a slab allocator serves regions of one size only, and a"
                    + " database needs many (tree pages, overflow values, SQL regions); choose " + names();
            case "manual" -> "the manual allocator records no allocations, so a database on it could not be"
                    + " reopened; choose " + names();
            default -> null;
        };
    }

    /** The names, lower case, comma separated. */
    public static String names() {
        return Arrays.stream(values()).map(k -> k.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }
}
