package io.bstack.btree;

import io.bstack.alloc.Region;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The ascending, order-preserving, prefix-free byte form of one non-null value; the tables are in
 * {@link KeyEncoder}. "Flipped" = big-endian two's complement with the sign bit inverted, so
 * unsigned byte order is signed numeric order. Stateless and thread-safe.
 */
final class KeyValueCodec {
    /** Escape/terminator of VARCHAR and VARBINARY: 0x00 → 0x00 0xFF; end = 0x00 0x01. */
    static final int ESCAPE = 0x00;
    static final int ESCAPED_ZERO = 0xFF;
    static final int TERMINATOR = 0x01;

    private KeyValueCodec() {
    }

    static void encode(CodecSink out, SqlType type, Object v) {
        switch (type) {
            case BOOLEAN -> out.write((Boolean) v ? 1 : 0);
            case TINYINT -> out.writeBigEndian((Byte) v ^ 0x80, 1);
            case SMALLINT -> out.writeBigEndian((Short) v ^ 0x8000, 2);
            case INTEGER -> out.writeBigEndian((Integer) v ^ 0x8000_0000, 4);
            case BIGINT -> writeFlipped(out, (Long) v);
            case DECIMAL -> KeyDecimalCodec.encode((BigDecimal) v, out);
            case REAL -> out.writeBigEndian(floatKey((Float) v), 4);
            case DOUBLE -> out.writeBigEndian(doubleKey((Double) v), 8);
            case VARCHAR -> {
                CodecUtf8.encode((String) v, out, true);
                out.write(ESCAPE);
                out.write(TERMINATOR);
            }
            case VARBINARY -> {
                for (byte b : (byte[]) v) {
                    out.write(b);
                    if (b == ESCAPE) {
                        out.write(ESCAPED_ZERO);
                    }
                }
                out.write(ESCAPE);
                out.write(TERMINATOR);
            }
            case DATE -> writeFlipped(out, ((LocalDate) v).toEpochDay());
            case TIME -> out.writeBigEndian(((LocalTime) v).toNanoOfDay(), 8);
            case TIMESTAMP -> {
                LocalDateTime t = (LocalDateTime) v;
                writeFlipped(out, t.toEpochSecond(ZoneOffset.UTC));
                out.writeBigEndian(t.getNano(), 4);
            }
            case TIMESTAMP_WITH_TIME_ZONE -> {
                OffsetDateTime t = (OffsetDateTime) v;
                writeFlipped(out, t.toEpochSecond());
                out.writeBigEndian(t.getNano(), 4);
                out.writeBigEndian(t.getOffset().getTotalSeconds() ^ 0x8000_0000, 4);
            }
            case UUID -> {
                UUID u = (UUID) v;
                out.writeBigEndian(u.getMostSignificantBits(), 8);
                out.writeBigEndian(u.getLeastSignificantBits(), 8);
            }
            case REGION -> {
                Region r = (Region) v;
                out.writeBigEndian(r.offset(), 8);
                out.writeBigEndian(r.len(), 8);
            }
        }
    }

    static Object decode(CodecCursor in, SqlType type, boolean inverted) throws RecordFormatException {
        try {
            return switch (type) {
                case BOOLEAN -> {
                    int b = in.readUnsignedByte();
                    if (b > 1) {
                        throw new RecordFormatException("BOOLEAN key byte " + b);
                    }
                    yield b == 1;
                }
                case TINYINT -> (byte) (in.readBigEndian(1) ^ 0x80);
                case SMALLINT -> (short) (in.readBigEndian(2) ^ 0x8000);
                case INTEGER -> (int) (in.readBigEndian(4) ^ 0x8000_0000L);
                case BIGINT -> readFlipped(in);
                case DECIMAL -> KeyDecimalCodec.decode(in, inverted);
                case REAL -> Float.intBitsToFloat(fromFloatKey((int) in.readBigEndian(4)));
                case DOUBLE -> Double.longBitsToDouble(fromDoubleKey(in.readBigEndian(8)));
                case VARCHAR -> {
                    byte[] utf8 = readEscaped(in);
                    yield CodecUtf8.decode(utf8);
                }
                case VARBINARY -> readEscaped(in);
                case DATE -> LocalDate.ofEpochDay(readFlipped(in));
                case TIME -> LocalTime.ofNanoOfDay(in.readBigEndian(8));
                case TIMESTAMP -> {
                    long seconds = readFlipped(in);
                    yield LocalDateTime.ofEpochSecond(seconds, nanos(in), ZoneOffset.UTC);
                }
                case TIMESTAMP_WITH_TIME_ZONE -> {
                    long seconds = readFlipped(in);
                    int nanos = nanos(in);
                    ZoneOffset offset = ZoneOffset.ofTotalSeconds((int) (in.readBigEndian(4) ^ 0x8000_0000L));
                    yield OffsetDateTime.ofInstant(Instant.ofEpochSecond(seconds, nanos), offset);
                }
                case UUID -> new UUID(in.readBigEndian(8), in.readBigEndian(8));
                case REGION -> new Region(in.readBigEndian(8), in.readBigEndian(8));
            };
        } catch (DateTimeException | IllegalArgumentException e) {
            throw new RecordFormatException(type + " key value out of range: " + e.getMessage());
        }
    }

    /** IEEE bits made unsigned-comparable: -0.0 → 0.0, any NaN → the canonical NaN first. */
    static int floatKey(float f) {
        int bits = Float.floatToIntBits(Values.canonical(f));
        return bits < 0 ? ~bits : bits ^ 0x8000_0000;
    }

    static long doubleKey(double d) {
        long bits = Double.doubleToLongBits(Values.canonical(d));
        return bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
    }

    private static int fromFloatKey(int key) {
        return key < 0 ? key ^ 0x8000_0000 : ~key;
    }

    private static long fromDoubleKey(long key) {
        return key < 0 ? key ^ Long.MIN_VALUE : ~key;
    }

    private static void writeFlipped(CodecSink out, long v) {
        out.writeBigEndian(v ^ Long.MIN_VALUE, 8);
    }

    private static long readFlipped(CodecCursor in) throws RecordFormatException {
        return in.readBigEndian(8) ^ Long.MIN_VALUE;
    }

    private static int nanos(CodecCursor in) throws RecordFormatException {
        long n = in.readBigEndian(4);
        if (n >= 1_000_000_000L) {
            throw new RecordFormatException("nano-of-second " + n);
        }
        return (int) n;
    }

    private static byte[] readEscaped(CodecCursor in) throws RecordFormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            int b = in.readUnsignedByte();
            if (b != ESCAPE) {
                out.write(b);
                continue;
            }
            int next = in.readUnsignedByte();
            if (next == TERMINATOR) {
                return out.toByteArray();
            }
            if (next != ESCAPED_ZERO) {
                throw new RecordFormatException("byte 0x" + Integer.toHexString(next) + " after a 0x00 escape");
            }
            out.write(0);
        }
    }
}
