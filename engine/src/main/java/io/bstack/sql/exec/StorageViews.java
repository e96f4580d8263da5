package io.bstack.sql.exec;

import io.bstack.alloc.Region;
import io.bstack.btree.Catalog;
import io.bstack.stack.ByteStack;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The storage tables of {@code INFORMATION_SCHEMA}, built from the statement's view of the file:
 * {@code REGIONS} (the live SQL-allocated regions), {@code ALLOCATOR} (one row: kind, sizes,
 * fragmentation) and {@code FILE_MAP} (the whole file as contiguous extents, by offset).
 *
 * <p>FILE_MAP's contract (the shell draws it): rows ordered by {@code START_OFFSET}, each starting
 * where the previous ended, from 0 to the payload length. {@code STATE} is {@code HEADER} (the
 * allocator's header with the database superblock), {@code FREE} (a free block, its metadata
 * included) or {@code USED}. {@code OWNER} of a used extent: {@code CATALOG}, {@code TABLE s.n},
 * {@code INDEX s.n}, {@code OVERFLOW}, {@code REGION} (SQL-allocated), {@code ALLOCATOR} (a live
 * block's header, footer or padding), or NULL where no owner is known (e.g. a block freed by a
 * transaction the snapshot does not see the end of). Adjacent extents of the same state and owner
 * are merged, except SQL regions: each {@code REGION} row is exactly one live region. Offsets are payload offsets of the BStack (the file's 32-byte header excluded).
 * Reading it walks every tree: O(size of the database).
 */
final class StorageViews {
    private StorageViews() {
    }

    /** An extent of the file map. */
    private record Extent(long start, long len, String state, String owner) {
        long end() {
            return start + len;
        }
    }

    static void regions(Catalog catalog, List<Object[]> out) throws IOException {
        for (Catalog.SqlRegion r : catalog.sqlRegions()) {
            out.add(new Object[] {r.region(), r.region().offset(), r.region().len(),
                    OffsetDateTime.ofInstant(Instant.ofEpochMilli(r.createdMillis()), ZoneOffset.UTC)});
        }
    }

    static void allocator(Catalog catalog, AllocatorInfo info, List<Object[]> out) throws IOException {
        if (info == null) {
            return;
        }
        ByteStack view = catalog.stack();
        long size = view.len();
        long free = 0;
        long largest = 0;
        List<Region> extents = info.freeExtents(view);
        for (Region r : extents) {
            free += r.len();
            largest = Math.max(largest, r.len());
        }
        long live = Math.max(0, size - Math.min(size, info.arenaStart()) - free);
        double fragmentation = free == 0 ? 0.0 : 1.0 - (double) largest / free;
        out.add(new Object[] {info.kindName(), size, info.arenaStart(), live, free, (long) extents.size(), largest,
                fragmentation});
    }

    static void fileMap(Catalog catalog, AllocatorInfo info, List<Object[]> out) throws IOException {
        if (info == null) {
            return;
        }
        ByteStack view = catalog.stack();
        long size = view.len();
        List<Extent> known = new ArrayList<>();
        known.add(new Extent(0, Math.min(size, info.arenaStart()), "HEADER", null));
        for (Region r : info.freeExtents(view)) {
            known.add(new Extent(r.offset(), r.len(), "FREE", null));
        }
        for (Map.Entry<Region, String> e : catalog.owners().entrySet()) {
            Region r = e.getKey();
            if (r.isEmpty()) {
                continue;
            }
            Region block = info.blockOf(view, r);
            if (!block.contains(r)) {
                block = r; // a damaged header: show the region alone
            }
            known.add(new Extent(block.offset(), r.offset() - block.offset(), "USED", "ALLOCATOR"));
            known.add(new Extent(r.offset(), r.len(), "USED", e.getValue()));
            known.add(new Extent(r.end(), block.end() - r.end(), "USED", "ALLOCATOR"));
        }
        known.sort(Comparator.comparingLong(Extent::start));
        List<Extent> map = new ArrayList<>();
        long at = 0;
        for (Extent x : known) {
            long start = Math.max(x.start(), at);
            long end = Math.min(x.end(), size);
            if (end <= start) {
                continue; // empty, or overlapping what is already mapped
            }
            if (start > at) {
                add(map, new Extent(at, start - at, "USED", null));
            }
            add(map, new Extent(start, end - start, x.state(), x.owner()));
            at = end;
        }
        if (at < size) {
            add(map, new Extent(at, size - at, "USED", null));
        }
        for (Extent x : map) {
            out.add(new Object[] {x.start(), x.len(), x.state(), x.owner()});
        }
    }

    private static void add(List<Extent> map, Extent x) {
        if (!map.isEmpty()) {
            Extent last = map.getLast();
            if (last.end() == x.start() && last.state().equals(x.state()) && Objects.equals(last.owner(), x.owner())
                    && !"REGION".equals(x.owner())) {
                map.set(map.size() - 1, new Extent(last.start(), last.len() + x.len(), x.state(), x.owner()));
                return;
            }
        }
        map.add(x);
    }
}
