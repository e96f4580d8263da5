package io.bstack.tx;

import io.bstack.stack.BStack;
import io.bstack.stack.BStackCorruptException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The WAL's byte layout: a header, then commit records, each appended by one {@code push} (a
 * group of records may share one push). Integers are little-endian; CRCs are CRC32C.
 *
 * <table>
 * <caption>WAL header (payload offset 0, {@value #HEADER_SIZE} bytes)</caption>
 * <tr><th>offset</th><th>bytes</th><th>content</th></tr>
 * <tr><td>0</td><td>8</td><td>magic {@code BSWAL001}</td></tr>
 * <tr><td>8</td><td>4</td><td>version u32 = 1</td></tr>
 * <tr><td>12</td><td>4</td><td>page size u32</td></tr>
 * <tr><td>16</td><td>16</td><td>database id (equals the main superblock's)</td></tr>
 * <tr><td>32</td><td>8</td><td>checkpoint sequence u64 the log continues from</td></tr>
 * <tr><td>40</td><td>4</td><td>CRC32C of [0, 40)</td></tr>
 * </table>
 *
 * <table>
 * <caption>Commit record (at any offset after the header)</caption>
 * <tr><th>offset</th><th>bytes</th><th>content</th></tr>
 * <tr><td>0</td><td>4</td><td>record magic u32 {@code 0x52575342} ("BSWR")</td></tr>
 * <tr><td>4</td><td>4</td><td>page count u32</td></tr>
 * <tr><td>8</td><td>8</td><td>record length u64, all bytes including the CRC</td></tr>
 * <tr><td>16</td><td>8</td><td>commit sequence u64 (strictly increasing along the log)</td></tr>
 * <tr><td>24</td><td>8</td><td>length u64 of the database after the commit</td></tr>
 * <tr><td>32</td><td>8</td><td>lowest length u64 the transaction reached</td></tr>
 * <tr><td>40</td><td>…</td><td>page count entries, in increasing page order: u64 tag = page
 * number (bits 0..61) plus flags; bit 63 set: an all-zero page (nothing follows); bit 62 set: the
 * page's image at this sequence lives in the main file at its own place (nothing follows); neither:
 * the page image (page size bytes) follows the tag. Both bits set is invalid.</td></tr>
 * <tr><td>length-4</td><td>4</td><td>CRC32C of every previous byte of the record</td></tr>
 * </table>
 *
 * <p><b>In-main tag</b> (bit 62, {@link #IN_MAIN_TAG}): written only for pages the commit wrote
 * straight to the main file (wholly beyond the main file's physical end and beyond every page and
 * length any older commit still in the index could read), after those bytes were written and the
 * main file synced, so the record, once durable, never points at missing bytes. On open, the main
 * file is cut back to the larger of the superblock's length and the end of the furthest in-main
 * page of a replayed record newer than the checkpoint, which removes the bytes of a commit whose
 * record never became durable. Records without in-main entries are byte-identical to the first
 * format, so older WALs stay readable; a build that predates the tag would stop at the first record
 * carrying it as if it were a torn tail (the header version is unchanged).
 *
 * <p>Stateless; thread-safe.
 */
final class WalFormat {
    static final byte[] MAGIC = "BSWAL001".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int HEADER_SIZE = 44;
    static final int RECORD_MAGIC = 0x52575342;
    static final int RECORD_HEADER = 40;
    static final long ZERO_TAG = 1L << 63;
    static final long IN_MAIN_TAG = 1L << 62;
    /** Tag bit: the image is stored without its longest run of zeros (see {@link #hole}). */
    static final long HOLE_TAG = 1L << 61;
    /** A zero run shorter than this is stored as it is. */
    static final int MIN_HOLE = 64;
    /** {@link #hole} of an image stored whole. */
    static final int NO_HOLE = -1;
    /** Location of a version that is an all-zero page. */
    static final long ZERO = -1;
    /** Location of a version whose image is the main file's page. */
    static final long IN_MAIN = -2;

    private WalFormat() {}

    /** The WAL header's decoded fields. */
    record Header(int pageSize, byte[] databaseId, long checkpointSeq) {}

    /**
     * A decoded record: page numbers and their image offsets in the WAL payload ({@link #ZERO} for
     * zero pages, {@link #IN_MAIN} for pages in the main file).
     */
    record Replayed(long seq, long len, long minLen, long[] pageNos, long[] offsets, int[] holes) {
        /** One past the furthest page this record placed in the main file (0 when none). */
        long directEnd() {
            long end = 0;
            for (int i = 0; i < offsets.length; i++) {
                if (offsets[i] == IN_MAIN) {
                    end = Math.max(end, pageNos[i] + 1);
                }
            }
            return end;
        }
    }

    /** Result of a replay scan: good records and the payload offset after the last of them. */
    record Scan(List<Replayed> records, long end) {}

    static byte[] header(int pageSize, byte[] databaseId, long checkpointSeq) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(VERSION).putInt(pageSize).put(databaseId).putLong(checkpointSeq);
        b.putInt(Superblock.crc(b.array(), 0, 40));
        return b.array();
    }

    static Header decodeHeader(byte[] raw, Path file) throws BStackCorruptException {
        if (raw.length < HEADER_SIZE || !Arrays.equals(raw, 0, 8, MAGIC, 0, 8)) {
            throw new BStackCorruptException("WAL file " + file + " has no WAL header (bad magic)");
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(40) != Superblock.crc(raw, 0, 40)) {
            throw new BStackCorruptException("WAL header of " + file + " fails its CRC32C");
        }
        if (b.getInt(8) != VERSION) {
            throw new BStackCorruptException("WAL header of " + file + " has unknown version " + b.getInt(8));
        }
        return new Header(b.getInt(12), Arrays.copyOfRange(raw, 16, 32), b.getLong(32));
    }

    /**
     * Encodes {@code rec} into {@code out} at {@code at}; writes each non-zero page's image offset
     * relative to the record's start into {@code imageOffsets} (zero pages get {@link #ZERO},
     * in-main pages {@link #IN_MAIN}), in page order. {@code holes} are the record's {@link
     * CommitRecord#holes()} and {@code size} its {@link CommitRecord#encodedSize}. Returns the
     * offset after the record.
     */
    static int encode(CommitRecord rec, int[] holes, long size, int pageSize, byte[] out, int at, long[] imageOffsets) {
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(at, RECORD_MAGIC).putInt(at + 4, rec.pages().size()).putLong(at + 8, size)
                .putLong(at + 16, rec.seq()).putLong(at + 24, rec.len()).putLong(at + 32, rec.minLen());
        int p = at + RECORD_HEADER;
        int i = 0;
        for (Map.Entry<Long, byte[]> e : rec.pages().entrySet()) {
            byte[] img = e.getValue();
            boolean inMain = rec.inMain(e.getKey(), img);
            int hole = holes[i];
            long tag = img == null ? e.getKey() | ZERO_TAG : inMain ? e.getKey() | IN_MAIN_TAG
                    : hole != NO_HOLE ? e.getKey() | HOLE_TAG : e.getKey();
            b.putLong(p, tag);
            p += 8;
            if (img == null) {
                imageOffsets[i++] = ZERO;
            } else if (inMain) {
                imageOffsets[i++] = IN_MAIN;
            } else if (hole != NO_HOLE) {
                int head = hole >>> 16;
                int tail = hole & 0xFFFF;
                b.putShort(p, (short) head).putShort(p + 2, (short) tail);
                p += 4;
                imageOffsets[i++] = p - at;
                System.arraycopy(img, 0, out, p, head);
                System.arraycopy(img, pageSize - tail, out, p + head, tail);
                p += head + tail;
            } else {
                imageOffsets[i++] = p - at;
                System.arraycopy(img, 0, out, p, pageSize);
                p += pageSize;
            }
        }
        b.putInt(p, Superblock.crc(out, at, p));
        return p + 4;
    }

    /**
     * Where an image's longest run of zero bytes lies, as {@code head << 16 | tail}: the image is its
     * first {@code head} bytes, zeros, then its last {@code tail} bytes; {@link #NO_HOLE} when no run
     * reaches {@link #MIN_HOLE} bytes. Half-full tree pages and sparse pages shrink to what they hold.
     */
    static int hole(byte[] img) {
        // Eight bytes at a time: a zero word extends the run; a non-zero word ends it at its first
        // non-zero byte and starts the next after its last one. Runs inside a word (under eight bytes)
        // are skipped, which cannot change the answer: only runs of MIN_HOLE or more count.
        int n = img.length;
        int bestStart = 0;
        int bestLen = 0;
        int runStart = 0;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long w = (long) LITTLE_LONGS.get(img, i);
            if (w != 0) {
                int end = i + (Long.numberOfTrailingZeros(w) >>> 3);
                if (end - runStart > bestLen) {
                    bestLen = end - runStart;
                    bestStart = runStart;
                }
                runStart = i + 8 - (Long.numberOfLeadingZeros(w) >>> 3);
            }
        }
        for (; i <= n; i++) {
            if (i == n || img[i] != 0) {
                if (i - runStart > bestLen) {
                    bestLen = i - runStart;
                    bestStart = runStart;
                }
                runStart = i + 1;
            }
        }
        if (bestLen < MIN_HOLE || bestStart > 0xFFFF || n - bestStart - bestLen > 0xFFFF) {
            return NO_HOLE;
        }
        return bestStart << 16 | (n - bestStart - bestLen);
    }

    private static final java.lang.invoke.VarHandle LITTLE_LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Bytes an image takes in a record after its tag. */
    static int imageSize(byte[] img, int pageSize) {
        return imageSize(hole(img), pageSize);
    }

    /** Bytes an image with {@code hole} takes in a record after its tag. */
    static int imageSize(int hole, int pageSize) {
        return hole == NO_HOLE ? pageSize : 4 + (hole >>> 16) + (hole & 0xFFFF);
    }

    /**
     * Walks the records after the header and stops at the first whose magic, bounds, layout or
     * CRC fails (a torn tail). A record with a good CRC whose sequence does not increase is
     * corruption no crash can produce.
     */
    static Scan scan(BStack wal, int pageSize, Path file) throws IOException {
        List<Replayed> out = new ArrayList<>();
        long pos = HEADER_SIZE;
        long end = wal.len();
        long lastSeq = -1;
        while (end - pos >= RECORD_HEADER + 4) {
            ByteBuffer h = ByteBuffer.wrap(wal.get(pos, pos + RECORD_HEADER)).order(ByteOrder.LITTLE_ENDIAN);
            long count = Integer.toUnsignedLong(h.getInt(4));
            long size = h.getLong(8);
            if (h.getInt(0) != RECORD_MAGIC || size < RECORD_HEADER + 4 || size > end - pos
                    || size > Integer.MAX_VALUE - 8 || count > (size - RECORD_HEADER - 4) / 8) {
                break;
            }
            byte[] raw = wal.get(pos, pos + size);
            ByteBuffer r = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            if (r.getInt((int) size - 4) != Superblock.crc(raw, 0, (int) size - 4)) {
                break;
            }
            Replayed rec = entries(r, (int) count, (int) size, pageSize, pos);
            if (rec == null) {
                break;
            }
            if (rec.seq() <= lastSeq) {
                throw new BStackCorruptException("WAL " + file + " holds commit " + rec.seq() + " after commit " + lastSeq);
            }
            lastSeq = rec.seq();
            out.add(rec);
            pos += size;
        }
        return new Scan(out, pos);
    }

    private static Replayed entries(ByteBuffer r, int count, int size, int pageSize, long base) {
        long[] pageNos = new long[count];
        long[] offsets = new long[count];
        int[] holes = new int[count];
        int p = RECORD_HEADER;
        for (int i = 0; i < count; i++) {
            if (p + 8 > size - 4) {
                return null;
            }
            long tag = r.getLong(p);
            p += 8;
            pageNos[i] = tag & ~(ZERO_TAG | IN_MAIN_TAG | HOLE_TAG);
            holes[i] = NO_HOLE;
            if (Long.bitCount(tag & (ZERO_TAG | IN_MAIN_TAG | HOLE_TAG)) > 1) {
                return null;
            } else if ((tag & HOLE_TAG) != 0) {
                if (p + 4 > size - 4) {
                    return null;
                }
                int head = Short.toUnsignedInt(r.getShort(p));
                int tail = Short.toUnsignedInt(r.getShort(p + 2));
                p += 4;
                if (head + tail >= pageSize || p + head + tail > size - 4) {
                    return null;
                }
                holes[i] = head << 16 | tail;
                offsets[i] = base + p;
                p += head + tail;
            } else if ((tag & ZERO_TAG) != 0) {
                offsets[i] = ZERO;
            } else if ((tag & IN_MAIN_TAG) != 0) {
                offsets[i] = IN_MAIN;
            } else {
                if (p + pageSize > size - 4) {
                    return null;
                }
                offsets[i] = base + p;
                p += pageSize;
            }
        }
        if (p != size - 4) {
            return null;
        }
        long seq = r.getLong(16);
        long len = r.getLong(24);
        long minLen = r.getLong(32);
        if (seq < 0 || len < 0 || minLen < 0 || minLen > len) {
            return null;
        }
        return new Replayed(seq, len, minLen, pageNos, offsets, holes);
    }
}
