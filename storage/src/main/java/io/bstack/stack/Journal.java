package io.bstack.stack;

import static io.bstack.stack.StackHeader.physical;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The durability sequence of every mutation, as file calls; the caller holds the write lock and
 * has validated the arguments. Each method takes the committed length and returns the new one.
 *
 * <table>
 * <caption>Crash-consistency of each sequence ("sync" = {@link StackFile#sync()})</caption>
 * <tr><th>operation</th><th>sequence</th><th>crash before the commit point</th></tr>
 * <tr><td>push</td><td>write data at EOF, write clen, sync</td><td>base rule cuts the data</td></tr>
 * <tr><td>extend</td><td>grow file, write clen, sync</td><td>base rule cuts the growth</td></tr>
 * <tr><td>pop / discard</td><td>cut file, write clen, sync</td><td>base rule lowers clen: applied</td></tr>
 * <tr><td>in-place, one block</td><td>write, sync</td><td>the block is atomic</td></tr>
 * <tr><td>Set journal</td><td>stage tail, sync, arm, sync, write, sync, disarm, sync, cut</td><td>before arm:
 * rolled back; after: replayed</td></tr>
 * <tr><td>Repeat / Copy journal</td><td>as Set with an O(1) tail</td><td>as Set</td></tr>
 * <tr><td>append (atrunc n=0)</td><td>grow, write, sync, write clen, sync</td><td>base rule cuts it</td></tr>
 * <tr><td>splice journal</td><td>grow and stage, sync, arm, sync, move, sync, commit [clen'|0|0], sync, cut</td>
 * <td>before arm: rolled back; after: replayed with the derived length</td></tr>
 * <tr><td>exchange</td><td>stage a, sync, arm at a, sync, b→a, sync, re-arm at b, sync, tail→b, sync,
 * disarm, sync, cut</td><td>armed at a: rolled back to the old a; armed at b: finished</td></tr>
 * <tr><td>multi-write</td><td>stage blocks, sync, arm sentinel, sync, replay, sync, disarm, sync, cut</td>
 * <td>before the sentinel: rolled back; after: replayed</td></tr>
 * </table>
 *
 * <p>The final cut of a staged tail is not synced: a tail left behind by a crash after the
 * disarm is removed by the base rule on the next open.
 */
final class Journal {
    private final StackFile file;

    Journal(StackFile file) {
        this.file = file;
    }

    long push(long clen, ByteBuffer data) throws IOException {
        long n = data.remaining();
        file.write(physical(clen), data);
        StackHeader.writeClen(file, clen + n);
        file.sync();
        return clen + n;
    }

    long extend(long clen, long n) throws IOException {
        file.setLength(physical(clen + n));
        StackHeader.writeClen(file, clen + n);
        file.sync();
        return clen + n;
    }

    long truncate(long clen, long n) throws IOException {
        file.setLength(physical(clen - n));
        StackHeader.writeClen(file, clen - n);
        file.sync();
        return clen - n;
    }

    /** Overwrites {@code [offset, offset+data.length)} all or nothing. */
    void set(long clen, long offset, byte[] data) throws IOException {
        if (StackHeader.isAtomicWrite(offset, data.length)) {
            file.write(physical(offset), data);
            file.sync();
            return;
        }
        file.write(physical(clen), data);
        file.sync();
        armed(clen, offset, StackHeader.MODE_SET, () -> file.write(physical(offset), data));
    }

    void repeat(long clen, long offset, byte[] pattern, long count) throws IOException {
        long total = pattern.length * count;
        if (StackHeader.isAtomicWrite(offset, total)) {
            file.writeRepeated(physical(offset), pattern, count);
            file.sync();
            return;
        }
        ByteBuffer staged = ByteBuffer.allocate(8 + pattern.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        staged.putLong(count).put(pattern).flip();
        file.write(physical(clen), staged);
        file.sync();
        armed(clen, offset, StackHeader.MODE_REPEAT, () -> file.writeRepeated(physical(offset), pattern, count));
    }

    void copy(long clen, long src, long dst, long n) throws IOException {
        if (StackHeader.isAtomicWrite(dst, n)) {
            file.move(physical(src), physical(dst), n);
            file.sync();
            return;
        }
        boolean overlapping = src < dst + n && dst < src + n;
        if (overlapping) {
            file.move(physical(src), physical(clen), n);
            file.sync();
            armed(clen, dst, StackHeader.MODE_SET, () -> file.move(physical(clen), physical(dst), n));
            return;
        }
        file.write(physical(clen), StackHeader.le(src, n));
        file.sync();
        armed(clen, dst, StackHeader.MODE_COPY, () -> file.move(physical(src), physical(dst), n));
    }

    void exchange(long clen, long a, long b, long n) throws IOException {
        file.move(physical(a), physical(clen), n);
        file.sync();
        StackHeader.writeWip(file, physical(a), StackHeader.MODE_SET);
        file.sync();
        file.move(physical(b), physical(a), n);
        file.sync();
        StackHeader.writeWip(file, physical(b), StackHeader.MODE_SET);
        file.sync();
        file.move(physical(clen), physical(b), n);
        file.sync();
        disarmAndCut(clen);
    }

    /** Several disjoint in-place writes, all or nothing; {@code writes} are validated and non-empty. */
    void multiWrite(long clen, List<StackWrite> writes) throws IOException {
        long at = physical(clen);
        for (StackWrite w : writes) {
            long start = w.offset();
            file.write(at, StackHeader.le(start, start + w.data().length));
            file.write(at + 16, w.data());
            at += 16 + w.data().length;
        }
        file.sync();
        StackHeader.writeWip(file, 0, StackHeader.MODE_MULTI);
        file.sync();
        for (StackWrite w : writes) {
            file.write(physical(w.offset()), w.data());
        }
        file.sync();
        disarmAndCut(clen);
    }

    /** Removes the last {@code n} bytes and appends {@code tail} as one atomic step. */
    long atrunc(long clen, long n, byte[] tail) throws IOException {
        long m = tail.length;
        if (n == 0 && m == 0) {
            return clen;
        }
        if (m == 0) {
            return truncate(clen, n);
        }
        if (n == 0) {
            file.setLength(physical(clen + m));
            file.write(physical(clen), tail);
            file.sync();
            StackHeader.writeClen(file, clen + m);
            file.sync();
            return clen + m;
        }
        long a = clen - n;
        if (m == n) {
            set(clen, a, tail);
            return clen;
        }
        long newLen = a + m;
        long staging = Math.max(clen, newLen);
        file.setLength(physical(staging + m));
        file.write(physical(staging), tail);
        file.sync();
        StackHeader.writeWip(file, physical(a), m > n ? StackHeader.MODE_SPLICE_GROW : StackHeader.MODE_SPLICE_SHRINK);
        file.sync();
        file.move(physical(staging), physical(a), m);
        file.sync();
        StackHeader.writeCommit(file, newLen);
        file.sync();
        file.setLength(physical(newLen));
        return newLen;
    }

    @FunctionalInterface
    private interface InPlace {
        void run() throws IOException;
    }

    /** Arm at {@code offset} in {@code mode}, sync, write in place, sync, disarm, sync, cut. */
    private void armed(long clen, long offset, long mode, InPlace write) throws IOException {
        StackHeader.writeWip(file, physical(offset), mode);
        file.sync();
        write.run();
        file.sync();
        disarmAndCut(clen);
    }

    private void disarmAndCut(long clen) throws IOException {
        StackHeader.writeWip(file, 0, 0);
        file.sync();
        file.setLength(physical(clen));
    }
}
