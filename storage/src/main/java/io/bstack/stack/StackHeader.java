package io.bstack.stack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The BStack file header, format 0.4 (byte-compatible with the Rust {@code bstack} crate 0.4.x):
 *
 * <pre>
 * offset  field     type     meaning
 *  0.. 8  magic     [u8; 8]  "BSTK" 00 04 00 00 — format major, minor, patch, reserved
 *  8..16  clen      u64 LE   committed payload length
 * 16..24  wip_ptr   u64 LE   physical offset an interrupted in-place write replays into; 0 = disarmed
 * 24..32  wip_aux   u64 LE   journal mode (see below); 0 at rest
 * 32..    payload   clen bytes, then (only while an operation is in flight) its staged journal tail
 * </pre>
 *
 * <p>Journal modes ({@code wip_aux}): 0 Set (verbatim replay of the staged tail), u64::MAX−1
 * SpliceGrow, u64::MAX−2 SpliceShrink (tail replace with a length change), u64::MAX−3 Repeat
 * (tail {@code [k u64 | pattern]}), u64::MAX−4 Copy (tail {@code [src u64 | n u64]}); with
 * {@code wip_ptr == 0}, u64::MAX marks a complete multi-write tail of blocks
 * {@code [s u64 | e u64 | data]}. Any other value is an unknown mode and is rolled back.
 *
 * <p>At rest {@code wip_ptr == wip_aux == 0} and the file is exactly {@code 32 + clen} bytes.
 * Legacy 0.1.x files have a 16-byte header ({@code "BSTK" 00 01 ..} and {@code clen}) and must be
 * converted with {@link BStack#migrate(Path)}. Only the first 6 magic bytes are compared.
 *
 * <p>Derived atomicity: a write whose physical range stays inside one 256-byte-aligned block is
 * taken as power-fail atomic and needs no journal. All header writes lie in the first block.
 */
final class StackHeader {
    static final int SIZE = 32;
    static final int LEGACY_SIZE = 16;
    static final int ATOMIC_BLOCK = 256;

    static final byte[] MAGIC = {'B', 'S', 'T', 'K', 0, 4, 0, 0};
    static final byte[] LEGACY_PREFIX = {'B', 'S', 'T', 'K', 0, 1};
    static final int COMPARED_MAGIC_BYTES = 6;

    static final long MODE_SET = 0L;
    static final long MODE_MULTI = -1L; // u64::MAX
    static final long MODE_SPLICE_GROW = -2L; // u64::MAX - 1
    static final long MODE_SPLICE_SHRINK = -3L; // u64::MAX - 2
    static final long MODE_REPEAT = -4L; // u64::MAX - 3
    static final long MODE_COPY = -5L; // u64::MAX - 4

    private static final int CLEN_AT = 8;
    private static final int WIP_AT = 16;

    private StackHeader() {}

    /** The header's three fields as read from disk. */
    record Fields(long clen, long wipPtr, long wipAux) {}

    /** Whether payload range {@code [offset, offset+len)} lies in one 256-byte block of the file. */
    static boolean isAtomicWrite(long offset, long len) {
        return len > 0 && (SIZE + offset) / ATOMIC_BLOCK == (SIZE + offset + len - 1) / ATOMIC_BLOCK;
    }

    static long physical(long payloadOffset) {
        return SIZE + payloadOffset;
    }

    static byte[] fresh() {
        return ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN).put(MAGIC).array();
    }

    static boolean hasPrefix(byte[] bytes, byte[] prefix, int n) {
        if (bytes.length < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static Fields decode(byte[] header) {
        ByteBuffer b = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        return new Fields(b.getLong(CLEN_AT), b.getLong(WIP_AT), b.getLong(WIP_AT + 8));
    }

    static Fields read(StackFile file) throws IOException {
        byte[] h = new byte[SIZE];
        file.read(0, h, 0, SIZE);
        return decode(h);
    }

    /** The committed length alone: one 8-byte write at byte 8. */
    static void writeClen(StackFile file, long clen) throws IOException {
        file.write(CLEN_AT, le(clen));
    }

    /** Arms or disarms the journal: one 16-byte write at byte 16. */
    static void writeWip(StackFile file, long wipPtr, long wipAux) throws IOException {
        file.write(WIP_AT, le(wipPtr, wipAux));
    }

    /** New length and disarm together: one 24-byte write {@code [clen | 0 | 0]} at byte 8. */
    static void writeCommit(StackFile file, long clen) throws IOException {
        file.write(CLEN_AT, le(clen, 0L, 0L));
    }

    static ByteBuffer le(long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return b.flip();
    }

    static String describeMode(long wipAux) {
        return wipAux == MODE_SET ? "Set"
                : wipAux == MODE_MULTI ? "MultiWrite"
                : wipAux == MODE_SPLICE_GROW ? "SpliceGrow"
                : wipAux == MODE_SPLICE_SHRINK ? "SpliceShrink"
                : wipAux == MODE_REPEAT ? "Repeat"
                : wipAux == MODE_COPY ? "Copy"
                : "unknown(" + Long.toUnsignedString(wipAux) + ")";
    }
}
