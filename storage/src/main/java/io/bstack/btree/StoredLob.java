package io.bstack.btree;

import io.bstack.alloc.Region;
import io.bstack.alloc.RegionSlice;
import io.bstack.stack.ByteStack;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A {@link Lob} over a value stored in an overflow region, read through the view it was found in
 * (a read snapshot or a write transaction). It shows the bytes that view shows: a snapshot's value
 * never changes, whatever later writers free or reuse, and it stays readable exactly as long as the
 * view is open (then reads raise an {@link IOException}). Thread-safe if the view is.
 */
public final class StoredLob implements Lob {
    private final ByteStack view;
    private final Region region;
    private final boolean text;

    public StoredLob(ByteStack view, Region region, boolean text) {
        this.view = Objects.requireNonNull(view, "view");
        this.region = Objects.requireNonNull(region, "region");
        this.text = text;
    }

    /** Where the value is stored. */
    public Region region() {
        return region;
    }

    @Override
    public boolean isText() {
        return text;
    }

    @Override
    public long length() {
        return region.len();
    }

    @Override
    public InputStream open(long from) throws IOException {
        Objects.checkIndex(from, region.len() + 1);
        if (region.offset() + region.len() > view.len()) {
            throw new RecordFormatException("overflow region " + region + " lies outside the " + view.len()
                    + "-byte database");
        }
        RegionSlice slice = RegionSlice.of(view, region).subslice(from, region.len());
        return new RowOverflowStream(slice.reader(), region.len() - from);
    }

    @Override
    public String toString() {
        return "StoredLob[" + (text ? "text" : "binary") + ", " + region + "]";
    }
}
