package io.bstack.sql.eval;

import io.bstack.btree.Lob;
import io.bstack.sql.eval.ColumnType.Kind;
import java.io.IOException;
import java.sql.SQLException;

/**
 * Where the engine turns a large value carried by reference ({@link Lob}: a stored BLOB/CLOB value
 * or a streamed parameter) into a {@code byte[]} or {@code String}: only where an expression needs
 * the whole value (functions, comparisons, keys). Projections, INSERT and UPDATE pass a {@link Lob}
 * on without reading it. A value longer than the limit (system property
 * {@code bstack.lob.maxMaterialised}, bytes, default 256 MiB) is refused with SQLState
 * {@code 54000} instead of risking an OutOfMemoryError. Stateless and thread-safe.
 */
public final class Lobs {
    /** The system property holding the materialisation limit in bytes. */
    public static final String LIMIT_PROPERTY = "bstack.lob.maxMaterialised";
    private static final long DEFAULT_LIMIT = 256L << 20;

    private Lobs() {
    }

    /** The limit now in force: the property's value, or 256 MiB. */
    public static long limit() {
        return Math.min(Long.getLong(LIMIT_PROPERTY, DEFAULT_LIMIT), Integer.MAX_VALUE - 16L);
    }

    /** {@code value} itself, or a {@link Lob}'s whole value as {@code String} (text) or {@code byte[]}. */
    public static Object value(Object value) throws SQLException {
        if (!(value instanceof Lob lob)) {
            return value;
        }
        long limit = limit();
        if (lob.length() > limit) {
            throw new SQLException("a " + (lob.isText() ? "CLOB" : "BLOB") + " value of " + lob.length()
                    + " bytes is larger than the " + limit + " bytes an expression may hold in memory ("
                    + LIMIT_PROPERTY + "); read it as a stream instead", "54000");
        }
        try {
            return lob.materialise();
        } catch (IOException e) {
            throw new SQLException("reading a large value failed: " + e.getMessage(), "HY000", e);
        }
    }

    /**
     * {@code lob} unchanged if a column of type {@code to} can hold it as it is (a binary value in a
     * binary type, text in a character type other than CHAR, not longer than the type allows), else
     * null (the caller converts the materialised value).
     */
    static Lob keep(Lob lob, ColumnType to) {
        Kind k = to.kind();
        boolean fits = switch (k) {
            case VARBINARY, BLOB -> !lob.isText();
            case VARCHAR, CLOB -> lob.isText();
            default -> false;
        };
        // UTF-8 has at least one byte per character: a text of n bytes has at most n characters
        boolean unbounded = (k == Kind.BLOB || k == Kind.CLOB) && to.precision() >= Integer.MAX_VALUE;
        return fits && (unbounded || lob.length() <= to.precision()) ? lob : null;
    }

    /** The type of a value carried by reference: BLOB or CLOB without a length. */
    static ColumnType typeOf(Lob lob) {
        return new ColumnType(lob.isText() ? Kind.CLOB : Kind.BLOB, Integer.MAX_VALUE, 0);
    }
}
