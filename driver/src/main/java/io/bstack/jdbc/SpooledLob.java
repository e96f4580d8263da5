package io.bstack.jdbc;

import io.bstack.btree.Lob;
import io.bstack.btree.LobStreamException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.lang.ref.Cleaner;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;

/**
 * A value too large to keep on the heap, spooled to a temporary file ({@code bstack-lob-*.tmp} in
 * {@code java.io.tmpdir}) as it is read from the application's stream or reader: bytes as they
 * are, text as UTF-8. Re-readable any number of times (a statement executed again, a batch). The
 * file is deleted when the value becomes unreachable (a {@link Cleaner}) or at {@link #free()},
 * whichever comes first. Thread-safe (immutable once spooled; each {@link #open} has its own channel).
 */
final class SpooledLob implements Lob {
    private static final Cleaner CLEANER = Cleaner.create();

    private final Path file;
    private final boolean text;
    private final long length;
    private final Cleaner.Cleanable cleanable;

    private SpooledLob(Path file, boolean text, long length) {
        this.file = file;
        this.text = text;
        this.length = length;
        this.cleanable = CLEANER.register(this, new Delete(file));
    }

    /** Deletes the spool file; an action that holds no reference to the value. */
    private record Delete(Path file) implements Runnable {
        @Override
        public void run() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temp file left behind is harmless; nothing to report to
            }
        }
    }

    /**
     * Spools {@code head} then the rest of {@code in}: all of it ({@code length} -1) or exactly
     * {@code length} bytes in total ({@code 22023} if it ends sooner).
     */
    static SpooledLob ofBytes(byte[] head, InputStream in, long length) throws SQLException {
        Path file = create();
        long n = head.length;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(head);
            byte[] buf = new byte[1 << 16];
            while (length < 0 || n < length) {
                int want = length < 0 ? buf.length : (int) Math.min(buf.length, length - n);
                int r = in.read(buf, 0, want);
                if (r < 0) {
                    break;
                }
                out.write(buf, 0, r);
                n += r;
            }
        } catch (IOException e) {
            deleteQuietly(file);
            throw new SQLException("reading the stream failed: " + e, "HY000", e);
        }
        if (length >= 0 && n < length) {
            deleteQuietly(file);
            throw new SQLException("the stream ended after " + n + " of the " + length + " bytes promised", "22023");
        }
        return new SpooledLob(file, false, n);
    }

    /**
     * Spools {@code head} then the rest of {@code in} as UTF-8: all of it ({@code length} -1) or
     * exactly {@code length} characters in total ({@code 22023} if it ends sooner).
     */
    static SpooledLob ofText(CharSequence head, Reader in, long length) throws SQLException {
        Path file = create();
        long chars = head.length();
        CountingStream counted;
        try (OutputStream raw = Files.newOutputStream(file);
                CountingStream c = new CountingStream(new BufferedOutputStream(raw, 1 << 16));
                Writer out = new OutputStreamWriter(c, StandardCharsets.UTF_8)) {
            counted = c;
            out.append(head);
            char[] buf = new char[1 << 14];
            while (length < 0 || chars < length) {
                int want = length < 0 ? buf.length : (int) Math.min(buf.length, length - chars);
                int r = in.read(buf, 0, want);
                if (r < 0) {
                    break;
                }
                out.write(buf, 0, r);
                chars += r;
            }
        } catch (IOException e) {
            deleteQuietly(file);
            throw new SQLException("reading the stream failed: " + e, "HY000", e);
        }
        if (length >= 0 && chars < length) {
            deleteQuietly(file);
            throw new SQLException("the reader ended after " + chars + " of the " + length + " characters promised",
                    "22023");
        }
        return new SpooledLob(file, true, counted.count);
    }

    private static Path create() throws SQLException {
        try {
            Path file = Files.createTempFile("bstack-lob-", ".tmp");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new SQLException("cannot create a temporary file for a large value: " + e, "HY000", e);
        }
    }

    private static void deleteQuietly(Path file) {
        new Delete(file).run();
    }

    @Override
    public boolean isText() {
        return text;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public InputStream open(long from) throws IOException {
        if (from < 0 || from > length) {
            throw new IndexOutOfBoundsException("position " + from + " is not in 0.." + length);
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new LobStreamException("the spooled value is gone (freed?): " + e.getMessage(), e);
        }
        ch.position(from);
        return Channels.newInputStream(ch);
    }

    /** Deletes the spool file now; later reads fail. */
    void free() {
        cleanable.clean();
    }

    @Override
    public String toString() {
        return "SpooledLob[" + (text ? "text" : "binary") + ", " + length + " bytes]";
    }

    /** Counts the bytes written through it. */
    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
