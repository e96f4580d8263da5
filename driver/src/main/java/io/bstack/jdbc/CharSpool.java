package io.bstack.jdbc;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The text of a {@link BStackClob} grown past {@link Streams#IN_MEMORY} chars, kept in a temporary
 * file ({@code bstack-clob-*.tmp}, deleted at {@link #close()} or exit) as UTF-16 code units of two
 * bytes each, so positional reads and writes by char index are plain file positions. Not
 * thread-safe (the clob synchronizes).
 */
final class CharSpool implements AutoCloseable {
    private final Path path;
    private final FileChannel file;
    private long length;

    private CharSpool(Path path, FileChannel file) {
        this.path = path;
        this.file = file;
    }

    /** A spool holding {@code initial}. */
    static CharSpool of(CharSequence initial) throws IOException {
        Path path = Files.createTempFile("bstack-clob-", ".tmp");
        path.toFile().deleteOnExit();
        CharSpool s = new CharSpool(path, FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE));
        s.write(0, initial, 0, initial.length());
        return s;
    }

    long length() {
        return length;
    }

    /** The {@code n} chars from {@code at}. */
    String read(long at, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(2 * n);
        while (b.hasRemaining()) {
            if (file.read(b, 2 * at + b.position()) < 0) {
                throw new IOException("the clob's temporary file is shorter than the clob");
            }
        }
        return b.flip().asCharBuffer().toString();
    }

    /** Writes {@code s[off, off+n)} at char {@code at} (at most {@link #length()}), growing the text. */
    void write(long at, CharSequence s, int off, int n) throws IOException {
        for (int done = 0; done < n; ) {
            int k = Math.min(n - done, 1 << 16);
            ByteBuffer b = ByteBuffer.allocate(2 * k);
            b.asCharBuffer().put(CharBuffer.wrap(s, off + done, off + done + k));
            long pos = 2 * (at + done);
            while (b.hasRemaining()) {
                file.write(b, pos + b.position());
            }
            done += k;
        }
        length = Math.max(length, at + n);
    }

    void truncate(long n) throws IOException {
        length = n;
        file.truncate(2 * n);
    }

    /** A reader of chars {@code [from, to)}, read from the file as it goes. */
    Reader reader(long from, long to) {
        return new Reader() {
            private long at = from;

            @Override
            public int read(char[] cbuf, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                long end = Math.min(to, length);
                if (at >= end) {
                    return -1;
                }
                int n = (int) Math.min(Math.min(len, end - at), 1 << 16);
                CharSpool.this.read(at, n).getChars(0, n, cbuf, off);
                at += n;
                return n;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void close() throws IOException {
        file.close();
        Files.deleteIfExists(path);
    }
}
