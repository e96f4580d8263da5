package io.bstack.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every row of the recovery rules, produced by writing the crash state by hand and opening it:
 * the base rule, each journal mode replayed, unknown modes rolled back, and impossible journals
 * and damaged headers reported without touching the file.
 */
class RecoveryTest {
    private static final long MAX = -1L;
    @TempDir
    Path dir;

    /** A payload of {@code n} distinct bytes. */
    private static byte[] payload(int n) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) {
            p[i] = (byte) (i * 7 + 1);
        }
        return p;
    }

    private static byte[] file(long clen, long wipPtr, long wipAux, byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'B', 'S', 'T', 'K', 0, 4, 0, 0});
        out.writeBytes(le(clen, wipPtr, wipAux));
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] le(long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return b.array();
    }

    private Path write(byte[] bytes) throws IOException {
        Path f = Files.createTempFile(dir, "crash", ".bstack");
        Files.write(f, bytes);
        return f;
    }

    /** Opens, checks the content, closes, and checks the file is at rest. */
    private void assertRecoversTo(byte[] state, byte[] expected) throws IOException {
        Path f = write(state);
        try (BStack s = BStack.open(f)) {
            assertThat(s.len()).isEqualTo(expected.length);
            assertThat(s.get(0, s.len())).isEqualTo(expected);
        }
        assertThat(Files.readAllBytes(f)).isEqualTo(file(expected.length, 0, 0, expected));
        // recovery is idempotent: a second open changes nothing
        try (BStack s = BStack.open(f)) {
            assertThat(s.get(0, s.len())).isEqualTo(expected);
        }
    }

    private void assertCorruptAndUntouched(byte[] state, String messagePart) throws IOException {
        Path f = write(state);
        assertThatThrownBy(() -> BStack.open(f)).isInstanceOf(BStackCorruptException.class)
                .hasMessageContaining(messagePart).hasMessageContaining(f.getFileName().toString());
        assertThat(Files.readAllBytes(f)).isEqualTo(state);
    }

    private static byte[] with(byte[] base, int at, byte[] bytes) {
        byte[] out = base.clone();
        System.arraycopy(bytes, 0, out, at, bytes.length);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ------------------------------------------------------------ base rule

    @Test
    void anEmptyFileBecomesAFreshStack() throws IOException {
        Path f = write(new byte[0]);
        try (BStack s = BStack.open(f)) {
            assertThat(s.len()).isZero();
        }
        assertThat(Files.readAllBytes(f)).isEqualTo(file(0, 0, 0));
    }

    @Test
    void bytesBeyondTheCommittedLengthAreCut() throws IOException {
        byte[] p = payload(40);
        assertRecoversTo(file(30, 0, 0, p), Arrays.copyOf(p, 30));
    }

    @Test
    void aCommittedLengthBeyondTheFileIsLoweredToWhatIsThere() throws IOException {
        byte[] p = payload(40);
        assertRecoversTo(file(100, 0, 0, p), p);
    }

    // ------------------------------------------------------------ single-region journals

    @Test
    void armedSetJournalIsReplayed() throws IOException {
        byte[] p = payload(300);
        byte[] staged = {9, 9, 9, 9, 9, 9, 9, 9};
        byte[] expected = with(p, 220, staged);
        // crash after arming, before the in-place write
        assertRecoversTo(file(300, 32 + 220, 0, p, staged), expected);
        // crash in the middle of the in-place write
        assertRecoversTo(file(300, 32 + 220, 0, with(p, 220, new byte[] {9, 9, 9}), staged), expected);
    }

    @Test
    void stagedButUnarmedSetIsRolledBack() throws IOException {
        byte[] p = payload(300);
        assertRecoversTo(file(300, 0, 0, p, new byte[] {9, 9, 9, 9}), p);
    }

    @Test
    void armedRepeatJournalRefills() throws IOException {
        byte[] p = payload(300);
        byte[] tail = concat(le(5), new byte[] {0x55, 0x66});
        byte[] expected = with(p, 215, new byte[] {0x55, 0x66, 0x55, 0x66, 0x55, 0x66, 0x55, 0x66, 0x55, 0x66});
        assertRecoversTo(file(300, 32 + 215, StackHeader.MODE_REPEAT, p, tail), expected);
    }

    @Test
    void armedCopyJournalRecopiesFromTheUntouchedSource() throws IOException {
        byte[] p = payload(300);
        byte[] expected = with(p, 220, Arrays.copyOfRange(p, 10, 20));
        byte[] halfDone = with(p, 220, Arrays.copyOfRange(p, 10, 14));
        assertRecoversTo(file(300, 32 + 220, StackHeader.MODE_COPY, halfDone, le(10, 10)), expected);
    }

    @Test
    void armedSpliceGrowDerivesTheNewLengthFromTheFileSize() throws IOException {
        // clen 300, replace the last 2 bytes with 6: a = 298, m = 6, clen' = 304, S = 304
        byte[] p = payload(300);
        byte[] tail = {1, 2, 3, 4, 5, 6};
        byte[] staged = concat(concat(p, new byte[4]), tail); // set_len(32+S+m), tail at 32+S
        byte[] expected = concat(Arrays.copyOf(p, 298), tail);
        assertRecoversTo(file(300, 32 + 298, StackHeader.MODE_SPLICE_GROW, staged), expected);
    }

    @Test
    void armedSpliceShrinkDerivesTheNewLengthFromTheFileSize() throws IOException {
        // clen 300, replace the last 10 bytes with 3: a = 290, m = 3, clen' = 293, S = 300
        byte[] p = payload(300);
        byte[] tail = {7, 8, 9};
        byte[] expected = concat(Arrays.copyOf(p, 290), tail);
        assertRecoversTo(file(300, 32 + 290, StackHeader.MODE_SPLICE_SHRINK, p, tail), expected);
        // and when the move had already happened
        assertRecoversTo(file(300, 32 + 290, StackHeader.MODE_SPLICE_SHRINK, with(p, 290, tail), tail), expected);
    }

    @Test
    void aCommittedSpliceWithItsStagingLeftIsCut() throws IOException {
        byte[] p = payload(300);
        assertRecoversTo(file(293, 0, 0, p, new byte[] {7, 8, 9}), Arrays.copyOf(p, 293));
    }

    @Test
    void armedExchangeRestoresOrFinishes() throws IOException {
        byte[] p = payload(300);
        byte[] a = Arrays.copyOfRange(p, 10, 20);
        byte[] b = Arrays.copyOfRange(p, 250, 260);
        // armed at a, b already copied into a: replay restores the old a
        assertRecoversTo(file(300, 32 + 10, 0, with(p, 10, b), a), p);
        // armed at b: replay finishes the exchange
        byte[] swapped = with(with(p, 10, b), 250, a);
        assertRecoversTo(file(300, 32 + 250, 0, with(p, 10, b), a), swapped);
    }

    @Test
    void unknownModesAreRolledBack() throws IOException {
        byte[] p = payload(300);
        assertRecoversTo(file(300, 32 + 10, 12345, p, new byte[] {1, 2, 3}), p);
        assertRecoversTo(file(300, 32 + 10, StackHeader.MODE_COPY - 1, p, new byte[] {1, 2, 3}), p);
        assertRecoversTo(file(300, 0, 77, p, new byte[] {1, 2, 3}), p);
    }

    // ------------------------------------------------------------ multi-write

    @Test
    void armedMultiWriteReplaysEveryBlock() throws IOException {
        byte[] p = payload(300);
        byte[] blocks = concat(concat(le(0, 2), new byte[] {1, 1}), concat(le(280, 283), new byte[] {2, 2, 2}));
        byte[] expected = with(with(p, 0, new byte[] {1, 1}), 280, new byte[] {2, 2, 2});
        assertRecoversTo(file(300, 0, MAX, p, blocks), expected);
        assertRecoversTo(file(300, 0, MAX, with(p, 0, new byte[] {1, 1}), blocks), expected);
    }

    @Test
    void stagedButUnarmedMultiWriteIsRolledBack() throws IOException {
        byte[] p = payload(300);
        assertRecoversTo(file(300, 0, 0, p, concat(le(0, 2), new byte[] {1, 1})), p);
    }

    // ------------------------------------------------------------ damage is reported, never repaired

    @Test
    void impossibleJournalsAreReportedAndTheFileLeftAlone() throws IOException {
        byte[] p = payload(300);
        assertCorruptAndUntouched(file(300, 32 + 298, 0, p, new byte[] {1, 2, 3, 4}), "Set journal");
        assertCorruptAndUntouched(file(300, 32 + 10, 0, p), "Set journal");
        assertCorruptAndUntouched(file(300, 8, 0, p, new byte[] {1}), "Set journal");
        assertCorruptAndUntouched(file(300, 32 + 10, StackHeader.MODE_COPY, p, le(12, 10)), "Copy journal");
        assertCorruptAndUntouched(file(300, 32 + 10, StackHeader.MODE_COPY, p, le(295, 10)), "Copy journal");
        assertCorruptAndUntouched(file(300, 32 + 10, StackHeader.MODE_REPEAT, p, le(3)), "Repeat journal");
        assertCorruptAndUntouched(file(300, 32 + 299, StackHeader.MODE_REPEAT, p, le(3), new byte[] {1}), "Repeat journal");
        assertCorruptAndUntouched(file(300, 32 + 290, StackHeader.MODE_SPLICE_SHRINK, p, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}),
                "SpliceShrink journal");
        assertCorruptAndUntouched(file(300, 32 + 298, StackHeader.MODE_SPLICE_GROW, p, new byte[5]), "SpliceGrow journal");
        assertCorruptAndUntouched(file(300, 32 + 400, StackHeader.MODE_SPLICE_GROW, p, new byte[5]), "SpliceGrow journal");
        assertCorruptAndUntouched(file(300, 0, MAX, p, le(290, 310), new byte[20]), "multi-write");
        assertCorruptAndUntouched(file(300, 0, MAX, p, le(0, 2), new byte[1]), "multi-write");
        assertCorruptAndUntouched(file(300, 0, MAX, p, le(0, 2), new byte[] {1, 1}, new byte[5]), "multi-write");
        assertCorruptAndUntouched(file(300, 32 + 10, 0, Arrays.copyOf(p, 100)), "shorter than its committed payload");
    }

    @Test
    void damagedHeadersAreReported() throws IOException {
        assertCorruptAndUntouched("not a stack at all, just text".getBytes(), "bad magic");
        assertCorruptAndUntouched(Arrays.copyOf(file(0, 0, 0), 20), "truncated header");
        assertCorruptAndUntouched(file(0x8000_0000_0000_0000L, 0, 0), "beyond 2^63-1");
        byte[] otherVersion = file(0, 0, 0);
        otherVersion[5] = 5;
        assertCorruptAndUntouched(otherVersion, "bad magic");
    }

    @Test
    void onlySixMagicBytesAreCompared() throws IOException {
        byte[] p = payload(5);
        byte[] f = file(5, 0, 0, p);
        f[6] = 3;
        f[7] = 9;
        Path path = write(f);
        try (BStack s = BStack.open(path)) {
            assertThat(s.get(0, 5)).isEqualTo(p);
        }
    }
}
