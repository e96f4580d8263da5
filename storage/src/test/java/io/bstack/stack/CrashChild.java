package io.bstack.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The child JVM of {@link StackCrashTest}, and the seeded workload both sides share.
 *
 * <p>Usage: {@code CrashChild <file> <seed> <maxOps>}. It prints {@code ready} before opening the
 * stack, {@code open <len> <hash>} once it has read the stack's content as the model's baseline,
 * then the 1-based index of every operation after that operation has returned, and {@code done}
 * after {@code maxOps} operations and a clean close. Every result a call returns is checked
 * against the model; a mismatch ends the child with a stack trace and a non-zero exit code.
 *
 * <p>The operations are a pure function of the seed and the model's content, so the parent can
 * replay exactly the same sequence on a byte array ({@link #step} with a null stack).
 */
public final class CrashChild {
    /** Above this payload length most steps shrink the stack, so it stays under a few hundred KiB. */
    static final int SOFT_LIMIT = 96 * 1024;

    private CrashChild() {}

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        Random random = new Random(Long.parseLong(args[1]));
        long maxOps = Long.parseLong(args[2]);
        PrintStream out = System.out;
        out.println("ready");
        out.flush();
        try (BStack stack = BStack.open(file)) {
            Model model = new Model(stack.peek(0));
            out.println("open " + model.len + " " + model.hash());
            out.flush();
            for (long i = 1; i <= maxOps; i++) {
                step(random, model, stack);
                out.println(i);
                out.flush();
            }
        }
        out.println("done");
        out.flush();
    }

    /** The payload as a growable byte array. */
    static final class Model {
        private byte[] buf;
        int len;

        Model(byte[] content) {
            buf = Arrays.copyOf(content, Math.max(16, content.length));
            len = content.length;
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, len);
        }

        int hash() {
            return Arrays.hashCode(bytes());
        }

        byte[] slice(int off, int n) {
            return Arrays.copyOfRange(buf, off, off + n);
        }

        void push(byte[] data) {
            if (len + data.length > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + data.length));
            }
            System.arraycopy(data, 0, buf, len, data.length);
            len += data.length;
        }

        byte[] cut(int n) {
            byte[] tail = slice(len - n, n);
            Arrays.fill(buf, len - n, len, (byte) 0);
            len -= n;
            return tail;
        }

        void set(int off, byte[] data) {
            System.arraycopy(data, 0, buf, off, data.length);
        }
    }

    /**
     * Draws the next operation from {@code r} and the model, applies it to the model and, when
     * {@code stack} is not null, to the stack, checking every value the stack returns.
     *
     * @return a description of the operation, for failure messages
     */
    static String step(Random r, Model m, BStack s) throws IOException {
        int len = m.len;
        if (len > SOFT_LIMIT && r.nextInt(3) > 0) {
            int n = 1 + r.nextInt(len / 2);
            m.cut(n);
            if (s != null) {
                s.discard(n);
            }
            return "discard(" + n + ") [size limit]";
        }
        int kind = r.nextInt(21);
        switch (kind) {
            case 0 -> {
                byte[] data = bytes(r, size(r));
                m.push(data);
                if (s != null) {
                    check(s.push(data) == len, "push offset");
                }
                return "push(" + data.length + " bytes)";
            }
            case 1 -> {
                int n = size(r);
                m.push(new byte[n]);
                if (s != null) {
                    check(s.extend(n) == len, "extend offset");
                }
                return "extend(" + n + ")";
            }
            case 2 -> {
                int n = Math.min(len, size(r));
                byte[] expected = m.cut(n);
                if (s != null) {
                    check(Arrays.equals(s.pop(n), expected), "pop bytes");
                }
                return "pop(" + n + ")";
            }
            case 3 -> {
                int n = Math.min(len, size(r));
                m.cut(n);
                if (s != null) {
                    s.discard(n);
                }
                return "discard(" + n + ")";
            }
            case 4 -> {
                if (len == 0) {
                    return "set() skipped on an empty stack";
                }
                int off = r.nextInt(len);
                long phys = StackHeader.SIZE + off;
                long blockEnd = (phys / StackHeader.ATOMIC_BLOCK + 1) * StackHeader.ATOMIC_BLOCK;
                int n = 1 + r.nextInt((int) Math.min(blockEnd - phys, len - off));
                byte[] data = bytes(r, n);
                m.set(off, data);
                if (s != null) {
                    s.set(off, data);
                }
                return "set(" + off + ", " + n + " bytes) [one block]";
            }
            case 5 -> {
                int n = Math.min(len, 200 + size(r));
                int off = r.nextInt(len - n + 1);
                byte[] data = bytes(r, n);
                m.set(off, data);
                if (s != null) {
                    s.set(off, data);
                }
                return "set(" + off + ", " + n + " bytes)";
            }
            case 6 -> {
                int n = Math.min(len, size(r));
                int off = r.nextInt(len - n + 1);
                m.set(off, new byte[n]);
                if (s != null) {
                    s.zero(off, n);
                }
                return "zero(" + off + ", " + n + ")";
            }
            case 7 -> {
                byte[] pattern = bytes(r, 1 + r.nextInt(7));
                int off = r.nextInt(len + 1);
                int count = Math.min((len - off) / pattern.length, r.nextInt(1 + size(r)));
                byte[] fill = new byte[pattern.length * count];
                for (int i = 0; i < fill.length; i++) {
                    fill[i] = pattern[i % pattern.length];
                }
                m.set(off, fill);
                if (s != null) {
                    s.repeat(off, pattern, count);
                }
                return "repeat(" + off + ", " + pattern.length + "-byte pattern, " + count + ")";
            }
            case 8, 9 -> {
                int n = Math.min(len, size(r));
                int tailLen = switch (r.nextInt(4)) {
                    case 0 -> n;
                    case 1 -> 0;
                    default -> size(r);
                };
                byte[] tail = bytes(r, tailLen);
                byte[] removed = m.cut(n);
                m.push(tail);
                if (s != null && kind == 8) {
                    s.atrunc(n, tail);
                } else if (s != null) {
                    check(Arrays.equals(s.splice(n, tail), removed), "splice removed bytes");
                }
                return (kind == 8 ? "atrunc(" : "splice(") + n + ", " + tailLen + " bytes)";
            }
            case 10 -> {
                int n = Math.min(len, size(r));
                int src = r.nextInt(len - n + 1);
                int dst = r.nextBoolean()
                        ? Math.clamp(src + r.nextInt(2 * n + 1) - n, 0, len - n)
                        : r.nextInt(len - n + 1);
                m.set(dst, m.slice(src, n));
                if (s != null) {
                    s.copy(src, dst, n);
                }
                return "copy(" + src + ", " + dst + ", " + n + ")";
            }
            case 11 -> {
                int n = Math.min(len / 2, size(r));
                int a = r.nextInt(len - 2 * n + 1);
                int b = a + n + r.nextInt(len - a - 2 * n + 1);
                if (r.nextBoolean()) {
                    int t = a;
                    a = b;
                    b = t;
                }
                byte[] first = m.slice(a, n);
                m.set(a, m.slice(b, n));
                m.set(b, first);
                if (s != null) {
                    s.crossExchange(a, b, n);
                }
                return "crossExchange(" + a + ", " + b + ", " + n + ")";
            }
            case 12 -> {
                List<StackWrite> writes = new ArrayList<>();
                int at = 0;
                for (int k = 1 + r.nextInt(5); k > 0 && at < len; k--) {
                    int off = at + r.nextInt(Math.min(len - at, 4000) + 1);
                    int n = Math.min(len - off, r.nextInt(600));
                    writes.add(new StackWrite(off, bytes(r, n)));
                    at = off + n;
                }
                Collections.shuffle(writes, r);
                for (StackWrite w : writes) {
                    m.set((int) w.offset(), w.data());
                }
                if (s != null) {
                    s.setBatched(writes);
                }
                return "setBatched(" + writes.size() + " writes)";
            }
            case 13 -> {
                int n = Math.min(len, size(r));
                int off = r.nextInt(len - n + 1);
                byte[] data = bytes(r, n);
                byte[] old = m.slice(off, n);
                m.set(off, data);
                if (s != null) {
                    check(Arrays.equals(s.swap(off, data), old), "swap old bytes");
                }
                return "swap(" + off + ", " + n + " bytes)";
            }
            case 14 -> {
                int n = Math.min(len, r.nextInt(600));
                int off = r.nextInt(len - n + 1);
                byte[] expected = m.slice(off, n);
                int how = r.nextInt(4);
                if (how == 1 && n > 0) {
                    expected[r.nextInt(n)] ^= (byte) (1 + r.nextInt(255));
                }
                // how == 2: a replacement of another length never swaps
                byte[] replacement = bytes(r, how == 2 ? n + 1 : n);
                boolean swaps = how != 2 && Arrays.equals(expected, m.slice(off, n));
                if (swaps) {
                    m.set(off, replacement);
                }
                if (s != null) {
                    check(s.cas(off, expected, replacement) == swaps, "cas result");
                }
                return "cas(" + off + ", " + n + " bytes) -> " + swaps;
            }
            case 15 -> {
                int start = r.nextInt(len + 1);
                int end = start + Math.min(len - start, size(r));
                int key = r.nextInt();
                m.set(start, transform(m.slice(start, end - start), key));
                if (s != null) {
                    s.process(start, end, bytes -> System.arraycopy(transform(bytes, key), 0, bytes, 0, bytes.length));
                }
                return "process(" + start + ", " + end + ")";
            }
            case 16 -> {
                long expectedLen = r.nextBoolean() ? len : len + r.nextInt(5) - 2;
                byte[] data = bytes(r, size(r));
                boolean applies = expectedLen == len;
                if (applies) {
                    m.push(data);
                }
                if (s != null && expectedLen >= 0) {
                    check(s.tryExtend(expectedLen, data) == applies, "tryExtend result");
                }
                return "tryExtend(" + expectedLen + ", " + data.length + " bytes) -> " + applies;
            }
            case 17 -> {
                long expectedLen = r.nextBoolean() ? len : len + r.nextInt(5) - 2;
                int n = Math.min(len, size(r));
                boolean applies = expectedLen == len;
                if (applies) {
                    m.cut(n);
                }
                if (s != null && expectedLen >= 0) {
                    check(s.tryDiscard(expectedLen, n) == applies, "tryDiscard result");
                }
                return "tryDiscard(" + expectedLen + ", " + n + ") -> " + applies;
            }
            case 18 -> {
                int target = Math.max(0, len + size(r) * (r.nextBoolean() ? 1 : -1));
                if (target > len) {
                    m.push(new byte[target - len]);
                } else {
                    m.cut(len - target);
                }
                if (s != null) {
                    check(s.resize(target) == len, "resize old length");
                }
                return "resize(" + target + ")";
            }
            case 19 -> {
                int n = Math.min(len, size(r));
                int extra = r.nextInt(700) - 350;
                int key = r.nextInt();
                byte[] old = m.cut(n);
                m.push(replacement(old, extra, key));
                if (s != null) {
                    s.replace(n, bytes -> replacement(bytes, extra, key));
                }
                return "replace(" + n + ", " + (extra >= 0 ? "+" : "") + extra + ")";
            }
            default -> {
                int n = len + 1 + r.nextInt(10);
                if (s != null) {
                    try {
                        s.pop(n);
                        check(false, "pop beyond the length did not fail");
                    } catch (BStackInvalidInputException expected) {
                        // refused, the stack is unchanged
                    }
                }
                return "pop(" + n + ") [refused]";
            }
        }
    }

    /** Mostly small sizes, sometimes a few blocks, rarely beyond the 64 KiB copy chunk. */
    private static int size(Random r) {
        int p = r.nextInt(100);
        return p < 70 ? r.nextInt(300) : p < 97 ? r.nextInt(4000) : r.nextInt(70_000);
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static byte[] transform(byte[] in, int key) {
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = (byte) (in[i] * 31 + key + i);
        }
        return out;
    }

    private static byte[] replacement(byte[] old, int extra, int key) {
        byte[] out = Arrays.copyOf(transform(old, key), Math.max(0, old.length + extra));
        for (int i = old.length; i < out.length; i++) {
            out[i] = (byte) (key >>> (i % 4 * 8));
        }
        return out;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("stack disagrees with the model: " + what);
        }
    }
}
