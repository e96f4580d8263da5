package io.bstack.jdbc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.SQLException;

/**
 * A value of SQL type {@code REGION}: the handle of a region of the database file that SQL
 * allocated ({@code ALLOC}), as {@code ResultSet.getObject} returns it and
 * {@code PreparedStatement.setObject} binds it. Only a coordinate — (offset, length) — with no
 * connection behind it: whether it is live is checked by the database each time it is used
 * ({@code 22R01} when it is not). Its bytes are read and written with the region functions, or
 * through {@code ResultSet.getBlob} on the column. The driver's own value type (rather than a
 * class of the storage engine) so the public API stays the JDBC interfaces plus this record.
 *
 * @param offset where the region starts in the database's payload (0 or more)
 * @param length its length in bytes (0 or more)
 */
public record RegionHandle(long offset, long length) {
    /** Bytes of {@link #toBytes()}. */
    public static final int ENCODED_SIZE = 16;

    public RegionHandle {
        if (offset < 0 || length < 0 || length > Long.MAX_VALUE - offset) {
            throw new IllegalArgumentException("a region handle needs 0 <= offset, 0 <= length, offset + length < 2^63;"
                    + " got offset " + offset + ", length " + length);
        }
    }

    /** The 16-byte encoding, as {@code CAST(h AS VARBINARY(16))} gives it: offset u64 LE, then length u64 LE. */
    public byte[] toBytes() {
        return ByteBuffer.allocate(ENCODED_SIZE).order(ByteOrder.LITTLE_ENDIAN).putLong(offset).putLong(length).array();
    }

    /**
     * The handle a 16-byte encoding stands for.
     *
     * @throws SQLException {@code 22018} for a wrong length or values outside [0, 2^63)
     */
    public static RegionHandle fromBytes(byte[] encoded) throws SQLException {
        if (encoded == null || encoded.length != ENCODED_SIZE) {
            throw new SQLException("a REGION handle is 16 bytes, got " + (encoded == null ? "null" : encoded.length),
                    "22018");
        }
        ByteBuffer b = ByteBuffer.wrap(encoded).order(ByteOrder.LITTLE_ENDIAN);
        try {
            return new RegionHandle(b.getLong(), b.getLong());
        } catch (IllegalArgumentException e) {
            throw new SQLException(e.getMessage(), "22018", e);
        }
    }

    /** The SQL text form, {@code REGION(offset=O,len=L)}, which {@code CAST(... AS REGION)} reads back. */
    @Override
    public String toString() {
        return "REGION(offset=" + offset + ",len=" + length + ")";
    }
}
