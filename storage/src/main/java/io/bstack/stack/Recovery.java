package io.bstack.stack;

import static io.bstack.stack.StackHeader.MODE_COPY;
import static io.bstack.stack.StackHeader.MODE_MULTI;
import static io.bstack.stack.StackHeader.MODE_REPEAT;
import static io.bstack.stack.StackHeader.MODE_SET;
import static io.bstack.stack.StackHeader.MODE_SPLICE_GROW;
import static io.bstack.stack.StackHeader.MODE_SPLICE_SHRINK;
import static io.bstack.stack.StackHeader.SIZE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Crash recovery, run under the write lock when a stack is opened (and again inside a live stack
 * after a failed file call). It reads only the header and the file size, then:
 *
 * <table>
 * <caption>Recovery dispatch</caption>
 * <tr><th>wip_ptr</th><th>wip_aux</th><th>action</th></tr>
 * <tr><td>0</td><td>0</td><td>base rule: a longer file is cut to {@code 32+clen} (crashed push or
 * stage); a shorter one lowers {@code clen} to what is there (crashed pop)</td></tr>
 * <tr><td>0</td><td>u64::MAX</td><td>replay every staged multi-write block, finalize</td></tr>
 * <tr><td>0</td><td>other</td><td>unknown: roll back (clear, then base rule)</td></tr>
 * <tr><td>≠0</td><td>Set / Repeat / Copy</td><td>replay into {@code wip_ptr}, finalize</td></tr>
 * <tr><td>≠0</td><td>SpliceGrow / SpliceShrink</td><td>derive the new length from the file size,
 * replay, finalize with it</td></tr>
 * <tr><td>≠0</td><td>other</td><td>unknown: roll back</td></tr>
 * </table>
 *
 * <p>Finalize is one 24-byte header write {@code [clen | 0 | 0]}, sync, cut the tail, sync. Every
 * replay is idempotent, so a crash during recovery is recovered by the next open.
 *
 * <p>Where the crate would roll back a journal of a known mode whose fields fail validation, this
 * port reports {@link BStackCorruptException} instead and leaves the file untouched: no crash
 * produces such a journal, so it means damage, and rolling back could hide lost data.
 */
final class Recovery {
    private final StackFile file;
    private final Path path;

    private Recovery(StackFile file, Path path) {
        this.file = file;
        this.path = path;
    }

    /**
     * Brings the file to rest and returns its committed length.
     *
     * @param create whether an empty file becomes a fresh stack (on open) or is damage (in a live stack)
     */
    static long recover(StackFile file, Path path, boolean create) throws IOException {
        return new Recovery(file, path).run(create);
    }

    private long run(boolean create) throws IOException {
        long size = file.size();
        if (size == 0 && create) {
            file.write(0, StackHeader.fresh());
            file.sync();
            return 0;
        }
        byte[] header = new byte[(int) Math.min(size, SIZE)];
        file.read(0, header, 0, header.length);
        if (StackHeader.hasPrefix(header, StackHeader.LEGACY_PREFIX, StackHeader.COMPARED_MAGIC_BYTES)) {
            throw new BStackUnsupportedException(path + " is a BStack 0.1.x file; convert it once with BStack.migrate(Path)");
        }
        if (!StackHeader.hasPrefix(header, StackHeader.MAGIC, StackHeader.COMPARED_MAGIC_BYTES)) {
            throw corrupt("is not a BStack 0.4 file (bad magic)");
        }
        if (size < SIZE) {
            throw corrupt("has a truncated header (" + size + " of 32 bytes)");
        }
        StackHeader.Fields h = StackHeader.decode(header);
        if (h.clen() < 0) {
            throw corrupt("records a committed length beyond 2^63-1: " + Long.toUnsignedString(h.clen()));
        }
        if (h.wipPtr() == 0) {
            if (h.wipAux() == MODE_MULTI) {
                return finalizeWith(replayMulti(h.clen(), size));
            }
            if (h.wipAux() != 0) {
                return rollBack(h.clen(), size);
            }
            return baseRule(h.clen(), size);
        }
        long tailStart = SIZE + h.clen();
        if (size < tailStart) {
            throw corrupt("has an armed journal but is shorter than its committed payload");
        }
        long mode = h.wipAux();
        if (mode == MODE_SET) {
            replaySet(h, tailStart, size - tailStart);
            return finalizeWith(h.clen());
        } else if (mode == MODE_REPEAT) {
            replayRepeat(h, tailStart, size - tailStart);
            return finalizeWith(h.clen());
        } else if (mode == MODE_COPY) {
            replayCopy(h, tailStart, size - tailStart);
            return finalizeWith(h.clen());
        } else if (mode == MODE_SPLICE_GROW || mode == MODE_SPLICE_SHRINK) {
            return finalizeWith(replaySplice(h, size));
        }
        return rollBack(h.clen(), size);
    }

    private long baseRule(long clen, long size) throws IOException {
        long present = size - SIZE;
        if (present > clen) {
            file.setLength(SIZE + clen);
        } else if (present < clen) {
            clen = present;
            StackHeader.writeClen(file, clen);
        }
        file.sync();
        return clen;
    }

    private long rollBack(long clen, long size) throws IOException {
        StackHeader.writeWip(file, 0, 0);
        return baseRule(clen, size);
    }

    private long finalizeWith(long clen) throws IOException {
        StackHeader.writeCommit(file, clen);
        file.sync();
        file.setLength(SIZE + clen);
        file.sync();
        return clen;
    }

    private void replaySet(StackHeader.Fields h, long tailStart, long tailLen) throws IOException {
        if (tailLen <= 0 || h.wipPtr() < SIZE || h.wipPtr() > tailStart - tailLen) {
            throw journal(h, "its staged bytes do not fit the committed payload");
        }
        file.move(tailStart, h.wipPtr(), tailLen);
        file.sync();
    }

    private void replayRepeat(StackHeader.Fields h, long tailStart, long tailLen) throws IOException {
        if (tailLen <= 8 || tailLen - 8 > Integer.MAX_VALUE || h.wipPtr() < SIZE) {
            throw journal(h, "its staged pattern is malformed");
        }
        ByteBuffer kb = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        file.read(tailStart, kb);
        long k = kb.flip().getLong();
        byte[] pattern = new byte[(int) (tailLen - 8)];
        file.read(tailStart + 8, pattern, 0, pattern.length);
        long fill;
        try {
            fill = Math.multiplyExact(k, pattern.length);
        } catch (ArithmeticException e) {
            throw journal(h, "its repeat count overflows");
        }
        if (k <= 0 || h.wipPtr() > tailStart - fill) {
            throw journal(h, "its fill does not fit the committed payload");
        }
        file.writeRepeated(h.wipPtr(), pattern, k);
        file.sync();
    }

    private void replayCopy(StackHeader.Fields h, long tailStart, long tailLen) throws IOException {
        if (tailLen < 16) {
            throw journal(h, "its staged coordinates are missing");
        }
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        file.read(tailStart, b);
        b.flip();
        long src = b.getLong();
        long n = b.getLong();
        long dst = h.wipPtr() - SIZE;
        long clen = h.clen();
        boolean valid = n > 0 && src >= 0 && dst >= 0 && src <= clen - n && dst <= clen - n
                && (dst >= src + n || src >= dst + n);
        if (!valid) {
            throw journal(h, "its copy coordinates are out of range or overlap");
        }
        file.move(SIZE + src, SIZE + dst, n);
        file.sync();
    }

    private long replaySplice(StackHeader.Fields h, long size) throws IOException {
        long clen = h.clen();
        long payloadEnd = size - SIZE;
        long a = h.wipPtr() - SIZE;
        boolean grow = h.wipAux() == MODE_SPLICE_GROW;
        long newLen = grow ? (payloadEnd + a) / 2 : payloadEnd + a - clen;
        long m = newLen - a;
        long staging = Math.max(clen, newLen);
        boolean valid = a >= 0 && a <= clen && newLen >= a
                && (grow ? newLen > clen : newLen < clen)
                && staging + m == payloadEnd;
        if (!valid) {
            throw journal(h, "its splice does not match the file size " + size);
        }
        file.move(SIZE + staging, SIZE + a, m);
        file.sync();
        return newLen;
    }

    /** Validates the whole multi-write tail first, then replays it; returns the unchanged length. */
    private long replayMulti(long clen, long size) throws IOException {
        for (int pass = 0; pass < 2; pass++) {
            long at = SIZE + clen;
            ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            while (at < size) {
                if (size - at < 16) {
                    throw corrupt("has a multi-write journal whose last block header is cut short");
                }
                b.clear();
                file.read(at, b);
                b.flip();
                long s = b.getLong();
                long e = b.getLong();
                if (s < 0 || e < s || e > clen || size - at - 16 < e - s) {
                    throw corrupt("has a multi-write journal block [" + s + ", " + e + ") outside the payload");
                }
                if (pass == 1) {
                    file.move(at + 16, SIZE + s, e - s);
                }
                at += 16 + (e - s);
            }
        }
        file.sync();
        return clen;
    }

    private BStackCorruptException journal(StackHeader.Fields h, String why) {
        return corrupt("has an impossible " + StackHeader.describeMode(h.wipAux()) + " journal (wip_ptr="
                + h.wipPtr() + ", clen=" + h.clen() + "): " + why + "; the file was left untouched");
    }

    private BStackCorruptException corrupt(String what) {
        return new BStackCorruptException("BStack file " + path + " " + what);
    }
}
