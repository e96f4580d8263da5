package io.bstack.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * The reference model of a {@link BStack}: a growable byte array plus the handle's locked prefix.
 * Every method validates all its arguments first and throws {@link Invalid} without changing
 * anything when {@code BStack} must refuse the call with {@link BStackInvalidInputException}.
 * Also holds the on-disk checks shared by the model and fault tests.
 */
final class StackModel {
    /** Stands for the {@link BStackInvalidInputException} the real stack must throw. */
    static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Invalid(String why) {
            super(why, null, false, false);
        }
    }

    static final int HEADER = 32;
    private static final long GROWTH_LIMIT = Long.MAX_VALUE - HEADER;

    private byte[] data;
    private long locked;

    StackModel(byte[] content) {
        this.data = content.clone();
    }

    // ------------------------------------------------------------ state

    int len() {
        return data.length;
    }

    long locked() {
        return locked;
    }

    byte[] content() {
        return data.clone();
    }

    /** Takes {@code content} as the state, as a reopened handle shows it (no locked prefix). */
    void adopt(byte[] content) {
        data = content.clone();
        locked = 0;
    }

    /** A reopened handle has no locked prefix. */
    void reopened() {
        locked = 0;
    }

    // ------------------------------------------------------------ validation

    private static void require(boolean ok, String why) {
        if (!ok) {
            throw new Invalid(why);
        }
    }

    private void range(long start, long end) {
        require(start >= 0 && end >= start && end <= data.length, "range [" + start + ", " + end + ")");
    }

    private void writable(long start, long end) {
        range(start, end);
        require(!(start < locked && end > start), "touches the locked prefix");
    }

    private void shrinkable(long n) {
        require(n >= 0 && n <= data.length, "cannot remove " + n);
        require(n == 0 || data.length - n >= locked, "cuts into the locked prefix");
    }

    private void growable(long n) {
        require(n >= 0 && n <= GROWTH_LIMIT - data.length, "cannot grow by " + n);
    }

    private static long end(long start, long n) {
        require(start >= 0 && n >= 0 && n <= Long.MAX_VALUE - start, "range overflows");
        return start + n;
    }

    // ------------------------------------------------------------ base

    long push(byte[] bytes) {
        long at = data.length;
        growable(bytes.length);
        data = concat(data, bytes);
        return at;
    }

    long extend(long n) {
        long at = data.length;
        growable(n);
        data = Arrays.copyOf(data, Math.toIntExact(data.length + n));
        return at;
    }

    byte[] pop(long n) {
        shrinkable(n);
        byte[] out = Arrays.copyOfRange(data, data.length - (int) n, data.length);
        data = Arrays.copyOf(data, data.length - (int) n);
        return out;
    }

    long resize(long target) {
        require(target >= 0, "negative target");
        long old = data.length;
        if (target > old) {
            extend(target - old);
        } else {
            pop(old - target);
        }
        return old;
    }

    long ensure(long target) {
        require(target >= 0, "negative target");
        long old = data.length;
        if (target > old) {
            extend(target - old);
        }
        return old;
    }

    byte[] get(long start, long end) {
        range(start, end);
        return Arrays.copyOfRange(data, (int) start, (int) end);
    }

    byte[] read(long offset, long n) {
        return get(offset, end(offset, n));
    }

    byte[] peek(long offset) {
        return get(offset, Math.max(offset, data.length));
    }

    // ------------------------------------------------------------ in place

    void set(long offset, byte[] bytes) {
        writable(offset, end(offset, bytes.length));
        System.arraycopy(bytes, 0, data, (int) offset, bytes.length);
    }

    void repeat(long offset, byte[] pattern, long count) {
        require(offset >= 0 && count >= 0, "negative offset or count");
        require(pattern.length > 0 || count == 0, "empty pattern");
        require(pattern.length == 0 || count <= Long.MAX_VALUE / pattern.length, "overflow");
        long total = pattern.length * count;
        writable(offset, end(offset, total));
        for (long i = 0; i < total; i++) {
            data[(int) (offset + i)] = pattern[(int) (i % pattern.length)];
        }
    }

    byte[] swap(long offset, byte[] bytes) {
        writable(offset, end(offset, bytes.length));
        byte[] old = get(offset, offset + bytes.length);
        set(offset, bytes);
        return old;
    }

    boolean cas(long offset, byte[] expected, byte[] replacement) {
        require(offset >= 0, "negative offset");
        writable(offset, end(offset, expected.length));
        if (expected.length != replacement.length) {
            return false;
        }
        if (!Arrays.equals(get(offset, offset + expected.length), expected)) {
            return false;
        }
        set(offset, replacement);
        return true;
    }

    void process(long start, long end, UnaryOperator<byte[]> f) {
        require(start >= 0 && end >= start, "bad range");
        writable(start, end);
        set(start, f.apply(get(start, end)));
    }

    void copy(long src, long dst, long n) {
        range(src, end(src, n));
        writable(dst, end(dst, n));
        byte[] moved = get(src, src + n);
        System.arraycopy(moved, 0, data, (int) dst, (int) n);
    }

    void crossExchange(long a, long b, long n) {
        writable(a, end(a, n));
        writable(b, end(b, n));
        if (n == 0 || a == b) {
            return;
        }
        require(a >= b + n || b >= a + n, "overlapping exchange");
        byte[] first = get(a, a + n);
        copy(b, a, n);
        System.arraycopy(first, 0, data, (int) b, (int) n);
    }

    void setBatched(List<StackWrite> writes) {
        List<StackWrite> sorted = new ArrayList<>();
        for (StackWrite w : writes) {
            end(w.offset(), w.data().length);
            if (w.data().length > 0) {
                sorted.add(w);
            }
        }
        sorted.sort(Comparator.comparingLong(StackWrite::offset));
        for (int i = 1; i < sorted.size(); i++) {
            StackWrite prev = sorted.get(i - 1);
            require(prev.offset() + prev.data().length <= sorted.get(i).offset(), "overlapping batch");
        }
        for (StackWrite w : writes) {
            writable(w.offset(), w.offset() + w.data().length);
        }
        for (StackWrite w : sorted) {
            set(w.offset(), w.data());
        }
    }

    // ------------------------------------------------------------ compound

    void atrunc(long n, byte[] tail) {
        shrinkable(n);
        data = concat(Arrays.copyOf(data, data.length - (int) n), tail);
    }

    byte[] splice(long n, byte[] tail) {
        shrinkable(n);
        byte[] removed = get(data.length - n, data.length);
        atrunc(n, tail);
        return removed;
    }

    boolean tryExtend(long expectedLen, byte[] bytes) {
        require(expectedLen >= 0, "negative expected length");
        if (expectedLen != data.length) {
            return false;
        }
        push(bytes);
        return true;
    }

    boolean tryExtendZeros(long expectedLen, long n) {
        require(expectedLen >= 0 && n >= 0, "negative argument");
        if (expectedLen != data.length) {
            return false;
        }
        extend(n);
        return true;
    }

    boolean tryDiscard(long expectedLen, long n) {
        require(expectedLen >= 0 && n >= 0, "negative argument");
        if (expectedLen != data.length) {
            return false;
        }
        pop(n);
        return true;
    }

    void lockUpTo(long n) {
        require(n >= 0 && n <= data.length && n >= locked, "bad lock length " + n);
        locked = n;
    }

    /** What {@code channel().position(pos).write(bytes)} does: pad, overwrite, then push. */
    void channelWrite(long pos, byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        if (pos > data.length) {
            extend(pos - data.length);
        }
        int overlap = (int) Math.min(bytes.length, data.length - pos);
        if (overlap > 0) {
            set(pos, Arrays.copyOf(bytes, overlap));
        }
        push(Arrays.copyOfRange(bytes, overlap, bytes.length));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ------------------------------------------------------------ random sizes

    /** A write length in 0..600, biased to tiny, in-block and block-crossing sizes. */
    static int writeLength(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> r.nextInt(9);
            case 1 -> r.nextInt(257);
            case 2 -> 200 + r.nextInt(401);
            default -> r.nextInt(601);
        };
    }

    /** A valid offset for {@code n} bytes in a {@code len}-byte payload (0 if none), often at a block edge. */
    static long placeFor(Random r, int len, int n) {
        int max = len - n;
        if (max <= 0) {
            return 0;
        }
        int roll = r.nextInt(10);
        if (roll < 4) {
            long boundary = 256L * (1 + r.nextInt((len + HEADER) / 256 + 1)) - HEADER;
            long at = r.nextBoolean() ? boundary - r.nextInt(n + 1) : boundary - 8 + r.nextInt(16);
            return Math.clamp(at, 0, max);
        }
        return roll < 6 ? (r.nextBoolean() ? 0 : max) : r.nextInt(max + 1);
    }

    /** A growth size; small once the payload passes 4 KiB, so it stays a few KiB long. */
    int growth(Random r) {
        return data.length > 4096 ? r.nextInt(9) : writeLength(r);
    }

    /** A growth size, or sometimes an impossible one. */
    long anyGrowth(Random r) {
        return r.nextInt(10) == 0 ? impossible(r) : growth(r);
    }

    /** A negative count, or one that would grow any stack beyond 2^63-1 bytes. */
    static long impossible(Random r) {
        return r.nextBoolean() ? -1 - r.nextInt(3) : Long.MAX_VALUE - r.nextInt(32);
    }

    /** An offset for {@code n} bytes: mostly valid, sometimes past the end, negative or huge. */
    long anyOffset(Random r, int n) {
        return switch (r.nextInt(36)) {
            case 0 -> data.length - n + 1 + r.nextInt(20);
            case 1 -> -1 - r.nextInt(4);
            case 2 -> Long.MAX_VALUE - r.nextInt(4);
            default -> placeFor(r, data.length, n);
        };
    }

    /** A count to remove: mostly valid, sometimes more than the length, or negative. */
    long anyShrinkage(Random r) {
        return switch (r.nextInt(12)) {
            case 0 -> data.length + 1 + r.nextInt(5);
            case 1 -> -1 - r.nextInt(3);
            case 2, 3 -> r.nextInt(data.length + 1);
            default -> r.nextInt(Math.min(data.length, 700) + 1);
        };
    }

    /** A length for the try-calls: mostly the current one. */
    long anyExpectedLen(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> data.length + 1;
            case 1 -> Math.max(0, data.length - 1 - r.nextInt(3));
            case 2 -> -1;
            default -> data.length;
        };
    }

    /** A resize target: mostly within 600 bytes of the length, sometimes impossible. */
    long anyTarget(Random r) {
        int len = data.length;
        return r.nextInt(10) == 0 ? impossible(r) : Math.max(0, len > 4096 ? len - r.nextInt(700) : len + r.nextInt(1201) - 600);
    }

    static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    // ------------------------------------------------------------ files

    /** A file image at rest holding {@code payload}, built by hand from the format description. */
    static byte[] image(byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'B', 'S', 'T', 'K', 0, 4, 0, 0}).putLong(payload.length).putLong(0).putLong(0);
        return b.put(payload).array();
    }

    /** Asserts the closed file is at rest and holds exactly {@code payload}. */
    static void assertAtRest(Path file, byte[] payload, String context) throws IOException {
        byte[] actual = Files.readAllBytes(file);
        assertThat(actual.length).as("%s: file size of a stack at rest", context).isEqualTo(HEADER + payload.length);
        ByteBuffer h = ByteBuffer.wrap(actual).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(h.getLong(8)).as("%s: header clen", context).isEqualTo(payload.length);
        assertThat(h.getLong(16)).as("%s: header wip_ptr", context).isZero();
        assertThat(h.getLong(24)).as("%s: header wip_aux", context).isZero();
        assertThat(hex(Arrays.copyOf(actual, 8))).as("%s: magic", context).isEqualTo("4253544b00040000");
        assertSameBytes(Arrays.copyOfRange(actual, HEADER, actual.length), payload, context + ": payload on disk");
    }

    /** Asserts byte equality and reports the first differing offset. */
    static void assertSameBytes(byte[] actual, byte[] expected, String context) {
        int at = Arrays.mismatch(actual, expected);
        assertThat(at).as("%s: first differing byte (actual %d bytes, expected %d)", context,
                actual.length, expected.length).isEqualTo(-1);
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
