package io.bstack.sql.exec;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * A temporary file of rows: written once, in order, then read back in the same order. Each row is
 * its length then its values, each a tag byte and a compact payload; every carrier value of the
 * engine (null, Boolean, Byte, Short, Integer, Long, BigDecimal, Float, Double, String, byte[],
 * LocalDate, LocalTime, LocalDateTime, OffsetDateTime, UUID) reads back equal to what was written.
 * Files are made in the directory of the system property {@code bstack.spill.dir} (default
 * {@code java.io.tmpdir}) and deleted by {@link #close} (or, as a last resort, when the file object
 * is collected unclosed).
 *
 * <p>Not thread-safe: one operator writes and reads it. Errors: an I/O failure is {@code HY000}
 * naming the file (the file is deleted before it is reported by the operators that own it).
 */
final class SpillFile implements AutoCloseable {
    private static final int NULL = 0;
    private static final int FALSE = 1;
    private static final int TRUE = 2;
    private static final int BYTE = 3;
    private static final int SHORT = 4;
    private static final int INT = 5;
    private static final int LONG = 6;
    private static final int DECIMAL = 7;
    private static final int FLOAT = 8;
    private static final int DOUBLE = 9;
    private static final int STRING = 10;
    private static final int BYTES = 11;
    private static final int DATE = 12;
    private static final int TIME = 13;
    private static final int TIMESTAMP = 14;
    private static final int TIMESTAMP_TZ = 15;
    private static final int UUID_TAG = 16;
    private static final int REGION_TAG = 17;

    /** Deletes the files of operators dropped without being closed, when they are collected. */
    private static final Cleaner CLEANER = Cleaner.create();

    private final Path path;
    private final Cleaner.Cleanable deleter;
    private DataOutputStream out;
    private DataInputStream in;
    private long written;
    private long read;
    private boolean closed;

    private SpillFile(Path path, DataOutputStream out) {
        this.path = path;
        this.out = out;
        deleter = CLEANER.register(this, () -> {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a file of an operator nobody closed: nobody to tell
            }
        });
    }

    /** The directory spill files are made in: {@code bstack.spill.dir}, else {@code java.io.tmpdir}. */
    static Path directory() {
        String dir = System.getProperty("bstack.spill.dir");
        return Path.of(dir == null || dir.isBlank() ? System.getProperty("java.io.tmpdir") : dir);
    }

    /** A new empty file, open for writing. */
    static SpillFile create() throws SQLException {
        Path dir = directory();
        Path path = null;
        try {
            Files.createDirectories(dir);
            path = Files.createTempFile(dir, "bstack-spill-", ".rows");
            return new SpillFile(path, new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(path),
                    1 << 16)));
        } catch (IOException | RuntimeException e) {
            if (path != null) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // reported below: the file could not be made
                }
            }
            throw new SQLException("cannot create a spill file in " + dir + ": " + e, "HY000", e);
        }
    }

    /** Where the file is. */
    Path path() {
        return path;
    }

    /** How many rows were written. */
    long rows() {
        return written;
    }

    /** Appends {@code row}. */
    void write(Object[] row) throws SQLException {
        if (out == null) {
            throw new IllegalStateException("spill file " + path + " is not open for writing");
        }
        try {
            out.writeInt(row.length);
            for (Object v : row) {
                writeValue(v);
            }
        } catch (IOException e) {
            throw failure("writing", e);
        }
        written++;
    }

    /** Ends writing; the rows may be read from now on. */
    void finishWriting() throws SQLException {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw failure("writing", e);
            } finally {
                out = null;
            }
        }
    }

    /** The next row written, or null after the last. */
    Object[] read() throws SQLException {
        finishWriting();
        if (read >= written) {
            closeInput();
            return null;
        }
        try {
            if (in == null) {
                in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path), 1 << 16));
            }
            Object[] row = new Object[in.readInt()];
            for (int i = 0; i < row.length; i++) {
                row[i] = readValue();
            }
            read++;
            return row;
        } catch (IOException | RuntimeException e) {
            throw failure("reading", e);
        }
    }

    private SQLException failure(String what, Exception e) {
        return new SQLException(what + " spill file " + path + " failed: " + e, "HY000", e);
    }

    private void writeValue(Object v) throws IOException, SQLException {
        switch (v) {
            case null -> out.writeByte(NULL);
            case io.bstack.btree.Lob lob -> writeValue(io.bstack.sql.eval.Lobs.value(lob)); // spilled rows hold values
            case Boolean b -> out.writeByte(b ? TRUE : FALSE);
            case Byte b -> {
                out.writeByte(BYTE);
                out.writeByte(b);
            }
            case Short s -> {
                out.writeByte(SHORT);
                out.writeShort(s);
            }
            case Integer i -> {
                out.writeByte(INT);
                out.writeInt(i);
            }
            case Long l -> {
                out.writeByte(LONG);
                out.writeLong(l);
            }
            case BigDecimal d -> {
                out.writeByte(DECIMAL);
                out.writeInt(d.scale());
                writeBytes(d.unscaledValue().toByteArray());
            }
            case Float f -> {
                out.writeByte(FLOAT);
                out.writeInt(Float.floatToRawIntBits(f));
            }
            case Double d -> {
                out.writeByte(DOUBLE);
                out.writeLong(Double.doubleToRawLongBits(d));
            }
            case String s -> {
                out.writeByte(STRING);
                writeBytes(s.getBytes(StandardCharsets.UTF_8));
            }
            case byte[] b -> {
                out.writeByte(BYTES);
                writeBytes(b);
            }
            case LocalDate d -> {
                out.writeByte(DATE);
                out.writeLong(d.toEpochDay());
            }
            case LocalTime t -> {
                out.writeByte(TIME);
                out.writeLong(t.toNanoOfDay());
            }
            case LocalDateTime t -> {
                out.writeByte(TIMESTAMP);
                out.writeLong(t.toLocalDate().toEpochDay());
                out.writeLong(t.toLocalTime().toNanoOfDay());
            }
            case OffsetDateTime t -> {
                out.writeByte(TIMESTAMP_TZ);
                out.writeLong(t.toLocalDate().toEpochDay());
                out.writeLong(t.toLocalTime().toNanoOfDay());
                out.writeInt(t.getOffset().getTotalSeconds());
            }
            case UUID u -> {
                out.writeByte(UUID_TAG);
                out.writeLong(u.getMostSignificantBits());
                out.writeLong(u.getLeastSignificantBits());
            }
            case io.bstack.alloc.Region r -> {
                out.writeByte(REGION_TAG);
                out.writeLong(r.offset());
                out.writeLong(r.len());
            }
            default -> throw new SQLException("cannot write a value of " + v.getClass().getName() + " to spill file "
                    + path, "HY000");
        }
    }

    private void writeBytes(byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private byte[] readBytes() throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }

    private Object readValue() throws IOException {
        int tag = in.readUnsignedByte();
        return switch (tag) {
            case NULL -> null;
            case FALSE -> Boolean.FALSE;
            case TRUE -> Boolean.TRUE;
            case BYTE -> in.readByte();
            case SHORT -> in.readShort();
            case INT -> in.readInt();
            case LONG -> in.readLong();
            case DECIMAL -> {
                int scale = in.readInt();
                yield new BigDecimal(new BigInteger(readBytes()), scale);
            }
            case FLOAT -> Float.intBitsToFloat(in.readInt());
            case DOUBLE -> Double.longBitsToDouble(in.readLong());
            case STRING -> new String(readBytes(), StandardCharsets.UTF_8);
            case BYTES -> readBytes();
            case DATE -> LocalDate.ofEpochDay(in.readLong());
            case TIME -> LocalTime.ofNanoOfDay(in.readLong());
            case TIMESTAMP -> LocalDateTime.of(LocalDate.ofEpochDay(in.readLong()), LocalTime.ofNanoOfDay(in.readLong()));
            case TIMESTAMP_TZ -> OffsetDateTime.of(LocalDate.ofEpochDay(in.readLong()),
                    LocalTime.ofNanoOfDay(in.readLong()), ZoneOffset.ofTotalSeconds(in.readInt()));
            case UUID_TAG -> new UUID(in.readLong(), in.readLong());
            case REGION_TAG -> new io.bstack.alloc.Region(in.readLong(), in.readLong());
            default -> throw new IOException("unknown value tag " + tag);
        };
    }

    private void closeInput() throws SQLException {
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                throw failure("reading", e);
            } finally {
                in = null;
            }
        }
    }

    /** Closes the streams and deletes the file; again: nothing. */
    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        SQLException failure = null;
        for (java.io.Closeable c : new java.io.Closeable[] {out, in}) {
            if (c != null) {
                try {
                    c.close();
                } catch (IOException e) {
                    failure = failure != null ? failure : failure("closing", e);
                }
            }
        }
        out = null;
        in = null;
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            failure = failure != null ? failure : failure("deleting", e);
        }
        deleter.clean();
        if (failure != null) {
            throw failure;
        }
    }
}
