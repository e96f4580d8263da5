package io.bstack.alloc;

import io.bstack.stack.ByteStack;
import io.bstack.stack.BStack;
import io.bstack.stack.BStackInvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * A bounds-checked I/O view of one region of a stack (the crate's {@code BStackSlice}): offsets
 * are relative to the region's start, and nothing outside the region can be read or written
 * through it. A view taken from a {@link RegionHandle} stops working once the handle is
 * consumed. Each write is one atomic, durable stack call.
 */
public final class RegionSlice {
    private final ByteStack stack;
    private final Region region;
    private final RegionHandle guard;

    RegionSlice(ByteStack stack, Region region, RegionHandle guard) {
        this.stack = stack;
        this.region = region;
        this.guard = guard;
    }

    /** A view of a raw region, for reading stored coordinates; it has no owner to outlive. */
    public static RegionSlice of(ByteStack stack, Region region) {
        return new RegionSlice(Objects.requireNonNull(stack, "stack"), Objects.requireNonNull(region, "region"), null);
    }

    public Region region() {
        return region;
    }

    public long len() {
        return region.len();
    }

    public ByteStack stack() {
        return stack;
    }

    public byte[] read() throws IOException {
        return read(0, region.len());
    }

    /** The bytes of {@code [from, to)} of this region. */
    public byte[] read(long from, long to) throws IOException {
        check(from, to);
        return stack.get(region.offset() + from, region.offset() + to);
    }

    /** Fills {@code buf} from {@code at}. */
    public void readInto(long at, byte[] buf) throws IOException {
        check(at, end(at, buf.length));
        stack.getInto(region.offset() + at, buf);
    }

    /** Writes {@code data} at {@code at}, all or nothing. */
    public void write(long at, byte[] data) throws IOException {
        check(at, end(at, data.length));
        stack.set(region.offset() + at, data);
    }

    /** Zeroes {@code [at, at + n)}. */
    public void zero(long at, long n) throws IOException {
        check(at, end(at, n));
        stack.zero(region.offset() + at, n);
    }

    /** Sets every byte of the region to {@code value}. */
    public void fill(byte value) throws IOException {
        check(0, region.len());
        stack.repeat(region.offset(), new byte[] {value}, region.len());
    }

    /** A view of {@code [from, to)} of this region, guarded by the same handle. */
    public RegionSlice subslice(long from, long to) throws BStackInvalidInputException {
        check(from, to);
        return new RegionSlice(stack, new Region(region.offset() + from, to - from), guard);
    }

    /** A stream over the region's bytes, read from the stack as the caller asks (never whole unless asked). */
    public InputStream reader() {
        return new io.bstack.stack.ChunkedInputStream() {
            private long at;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                if (len == 0) {
                    return 0;
                }
                int n = (int) Math.min(len, region.len() - at);
                if (n <= 0) {
                    return -1;
                }
                byte[] chunk = RegionSlice.this.read(at, at + n);
                System.arraycopy(chunk, 0, b, off, n);
                at += n;
                return n;
            }

            @Override
            public long skip(long n) {
                long skipped = Math.max(0, Math.min(n, region.len() - at));
                at += skipped;
                return skipped;
            }

            @Override
            public int available() {
                return (int) Math.min(Integer.MAX_VALUE, region.len() - at);
            }
        };
    }

    /** A stream that writes the region from its start; writing past its end is refused. */
    public OutputStream writer() {
        return new OutputStream() {
            private long at;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                RegionSlice.this.write(at, Arrays.copyOfRange(b, off, off + len));
                at += len;
            }
        };
    }

    private void check(long from, long to) throws BStackInvalidInputException {
        if (guard != null) {
            guard.checkLive();
        }
        if (from < 0 || from > to || to > region.len()) {
            throw new BStackInvalidInputException("[" + from + ", " + to + ") is outside region " + region
                    + " of length " + region.len());
        }
    }

    private static long end(long at, long n) throws BStackInvalidInputException {
        if (n < 0 || at > Long.MAX_VALUE - n) {
            throw new BStackInvalidInputException("range from " + at + " of " + n + " bytes overflows");
        }
        return at + n;
    }

    @Override
    public String toString() {
        return "RegionSlice" + region;
    }
}
