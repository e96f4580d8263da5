package io.bstack.tx;

import io.bstack.stack.BStackCorruptException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The transaction layer's superblock: the first bytes of payload page 0 of the main file; the
 * rest of that page is zero. Written with one {@code set} of {@value #SIZE} bytes, which lies in
 * one 256-byte block of the file and is therefore power-fail atomic.
 *
 * <table>
 * <caption>Superblock (main payload offsets, little-endian)</caption>
 * <tr><th>offset</th><th>bytes</th><th>content</th></tr>
 * <tr><td>0</td><td>8</td><td>magic {@code BSDBTX01}</td></tr>
 * <tr><td>8</td><td>4</td><td>format version u32 = 1</td></tr>
 * <tr><td>12</td><td>4</td><td>page size u32 (power of two, 4096..65536)</td></tr>
 * <tr><td>16</td><td>16</td><td>database id (random)</td></tr>
 * <tr><td>32</td><td>8</td><td>checkpoint sequence u64: the commit the data pages hold</td></tr>
 * <tr><td>40</td><td>8</td><td>logical length u64 of the database at that commit</td></tr>
 * <tr><td>48</td><td>4</td><td>CRC32C of bytes [0, 48)</td></tr>
 * </table>
 *
 * <p>Immutable and thread-safe.
 */
record Superblock(int pageSize, byte[] databaseId, long checkpointSeq, long logicalLength) {
    static final byte[] MAGIC = "BSDBTX01".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int SIZE = 52;

    Superblock {
        databaseId = databaseId.clone();
    }

    @Override
    public byte[] databaseId() {
        return databaseId.clone();
    }

    Superblock advancedTo(long seq, long length) {
        return new Superblock(pageSize, databaseId, seq, length);
    }

    byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(VERSION).putInt(pageSize).put(databaseId).putLong(checkpointSeq).putLong(logicalLength);
        b.putInt(crc(b.array(), 0, 48));
        return b.array();
    }

    static Superblock decode(byte[] raw, Path file) throws BStackCorruptException {
        if (raw.length < SIZE || !Arrays.equals(raw, 0, 8, MAGIC, 0, 8)) {
            throw new BStackCorruptException("main file " + file + " has no transaction superblock (bad magic)");
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(48) != crc(raw, 0, 48)) {
            throw new BStackCorruptException("superblock of " + file + " fails its CRC32C");
        }
        int version = b.getInt(8);
        if (version != VERSION) {
            throw new BStackCorruptException("superblock of " + file + " has unknown format version " + version);
        }
        int pageSize = b.getInt(12);
        if (pageSize < TxOptions.MIN_PAGE_SIZE || pageSize > TxOptions.MAX_PAGE_SIZE || Integer.bitCount(pageSize) != 1) {
            throw new BStackCorruptException("superblock of " + file + " has impossible page size " + pageSize);
        }
        byte[] id = Arrays.copyOfRange(raw, 16, 32);
        long seq = b.getLong(32);
        long len = b.getLong(40);
        if (seq < 0 || len < 0) {
            throw new BStackCorruptException("superblock of " + file + " has negative sequence or length");
        }
        return new Superblock(pageSize, id, seq, len);
    }

    static int crc(byte[] data, int from, int to) {
        CRC32C c = new CRC32C();
        c.update(data, from, to - from);
        return (int) c.getValue();
    }

    static String hex(byte[] id) {
        StringBuilder sb = new StringBuilder();
        for (byte x : id) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }
}
