package io.bstack.sql.eval;

import io.bstack.btree.SqlType;
import io.bstack.sql.ast.DataType;
import java.sql.SQLException;
import java.util.Objects;

/**
 * A column or expression type: the written {@link Kind} (which keeps apart types that storage
 * merges, e.g. CHAR/VARCHAR/CLOB all stored as {@link SqlType#VARCHAR}), a precision or length and
 * a scale. Immutable. Precision is the maximum number of characters, bytes or decimal digits
 * (binary digits for REAL/DOUBLE, fractional-second digits for TIME/TIMESTAMP); scale is only
 * meaningful for DECIMAL.
 */
public record ColumnType(Kind kind, long precision, int scale) {

    /** Maximum length of CHARACTER VARYING and BINARY VARYING, as in H2. */
    public static final long MAX_STRING_LENGTH = 1_000_000_000L;
    /** Maximum precision of DECIMAL, as in H2. */
    public static final int MAX_DECIMAL_PRECISION = 100_000;

    /** The written type families; each names the storage type its values are carried in. */
    public enum Kind {
        /** The type of an untyped NULL or a parameter not yet bound; its values are always null. */
        NULL(null, "NULL"),
        BOOLEAN(SqlType.BOOLEAN, "BOOLEAN"),
        TINYINT(SqlType.TINYINT, "TINYINT"),
        SMALLINT(SqlType.SMALLINT, "SMALLINT"),
        INTEGER(SqlType.INTEGER, "INTEGER"),
        BIGINT(SqlType.BIGINT, "BIGINT"),
        DECIMAL(SqlType.DECIMAL, "DECIMAL"),
        REAL(SqlType.REAL, "REAL"),
        DOUBLE(SqlType.DOUBLE, "DOUBLE PRECISION"),
        FLOAT(SqlType.DOUBLE, "FLOAT"),
        CHAR(SqlType.VARCHAR, "CHAR"),
        VARCHAR(SqlType.VARCHAR, "VARCHAR"),
        CLOB(SqlType.VARCHAR, "CLOB"),
        BINARY(SqlType.VARBINARY, "BINARY"),
        VARBINARY(SqlType.VARBINARY, "VARBINARY"),
        BLOB(SqlType.VARBINARY, "BLOB"),
        DATE(SqlType.DATE, "DATE"),
        TIME(SqlType.TIME, "TIME"),
        TIMESTAMP(SqlType.TIMESTAMP, "TIMESTAMP"),
        TIMESTAMP_WITH_TIME_ZONE(SqlType.TIMESTAMP_WITH_TIME_ZONE, "TIMESTAMP WITH TIME ZONE"),
        UUID(SqlType.UUID, "UUID"),
        /** A handle of a region of the database file: its 16-byte (offset, length) coordinate. */
        REGION(SqlType.REGION, "REGION");

        private final SqlType sqlType;
        private final String sqlName;

        Kind(SqlType sqlType, String sqlName) {
            this.sqlType = sqlType;
            this.sqlName = sqlName;
        }

        /** @return the storage type, or null for {@link #NULL} */
        public SqlType sqlType() {
            return sqlType;
        }

        /** @return the SQL spelling of the type name */
        public String sqlName() {
            return sqlName;
        }

        /** @return whether values are exact or approximate numbers */
        public boolean isNumeric() {
            return ordinal() >= TINYINT.ordinal() && ordinal() <= FLOAT.ordinal();
        }

        /** @return whether values are Byte, Short, Integer or Long */
        public boolean isInteger() {
            return this == TINYINT || this == SMALLINT || this == INTEGER || this == BIGINT;
        }

        /** @return whether values are Float or Double */
        public boolean isApproximate() {
            return this == REAL || this == DOUBLE || this == FLOAT;
        }

        /** @return whether values are character strings */
        public boolean isString() {
            return this == CHAR || this == VARCHAR || this == CLOB;
        }

        /** @return whether values are byte strings */
        public boolean isBinary() {
            return this == BINARY || this == VARBINARY || this == BLOB;
        }

        /** @return whether values are dates, times or timestamps */
        public boolean isDateTime() {
            return this == DATE || this == TIME || this == TIMESTAMP || this == TIMESTAMP_WITH_TIME_ZONE;
        }
    }

    public static final ColumnType NULL = new ColumnType(Kind.NULL, 1, 0);
    public static final ColumnType BOOLEAN = new ColumnType(Kind.BOOLEAN, 1, 0);
    public static final ColumnType TINYINT = new ColumnType(Kind.TINYINT, 3, 0);
    public static final ColumnType SMALLINT = new ColumnType(Kind.SMALLINT, 5, 0);
    public static final ColumnType INTEGER = new ColumnType(Kind.INTEGER, 10, 0);
    public static final ColumnType BIGINT = new ColumnType(Kind.BIGINT, 19, 0);
    public static final ColumnType DECIMAL = new ColumnType(Kind.DECIMAL, MAX_DECIMAL_PRECISION, 0);
    public static final ColumnType REAL = new ColumnType(Kind.REAL, 24, 0);
    public static final ColumnType DOUBLE = new ColumnType(Kind.DOUBLE, 53, 0);
    public static final ColumnType VARCHAR = new ColumnType(Kind.VARCHAR, MAX_STRING_LENGTH, 0);
    public static final ColumnType VARBINARY = new ColumnType(Kind.VARBINARY, MAX_STRING_LENGTH, 0);
    public static final ColumnType DATE = new ColumnType(Kind.DATE, 0, 0);
    public static final ColumnType TIME = new ColumnType(Kind.TIME, 0, 0);
    public static final ColumnType TIMESTAMP = new ColumnType(Kind.TIMESTAMP, 6, 0);
    public static final ColumnType TIMESTAMP_WITH_TIME_ZONE = new ColumnType(Kind.TIMESTAMP_WITH_TIME_ZONE, 6, 0);
    public static final ColumnType UUID = new ColumnType(Kind.UUID, 16, 0);
    public static final ColumnType REGION = new ColumnType(Kind.REGION, 16, 0);

    public ColumnType {
        Objects.requireNonNull(kind);
        if (precision < 0 || scale < 0) {
            throw new IllegalArgumentException("negative precision or scale");
        }
    }

    /** @return a DECIMAL(precision, scale), both clamped to 1..100000 and 0..100000 */
    public static ColumnType decimal(long precision, int scale) {
        return new ColumnType(Kind.DECIMAL, Math.min(Math.max(precision, 1), MAX_DECIMAL_PRECISION),
                Math.min(Math.max(scale, 0), MAX_DECIMAL_PRECISION));
    }

    /** @return a VARCHAR(length) */
    public static ColumnType varchar(long length) {
        return new ColumnType(Kind.VARCHAR, Math.min(Math.max(length, 1), MAX_STRING_LENGTH), 0);
    }

    /** @return a VARBINARY(length) */
    public static ColumnType varbinary(long length) {
        return new ColumnType(Kind.VARBINARY, Math.min(Math.max(length, 1), MAX_STRING_LENGTH), 0);
    }

    /** @return the storage type, or null for the NULL type */
    public SqlType sqlType() {
        return kind.sqlType();
    }

    /**
     * Maps a type as written to a column type.
     *
     * @throws SQLException SQLState 42000 for an unknown or unsupported type name or a bad length
     */
    public static ColumnType of(DataType type) throws SQLException {
        Integer p = type.precision();
        Integer s = type.scale();
        ColumnType result = switch (type.name()) {
            case "BOOLEAN", "BOOL", "BIT" -> BOOLEAN;
            case "TINYINT" -> TINYINT;
            case "SMALLINT" -> SMALLINT;
            case "INT", "INTEGER" -> INTEGER;
            case "BIGINT" -> BIGINT;
            case "DECIMAL", "DEC", "NUMERIC" -> new ColumnType(Kind.DECIMAL,
                    p == null ? MAX_DECIMAL_PRECISION : p, s == null ? 0 : s);
            case "REAL" -> REAL;
            case "DOUBLE PRECISION", "DOUBLE" -> DOUBLE;
            case "FLOAT" -> p == null ? new ColumnType(Kind.FLOAT, 53, 0)
                    : p <= 24 ? REAL : new ColumnType(Kind.FLOAT, p, 0);
            case "CHAR", "CHARACTER", "NCHAR" -> new ColumnType(Kind.CHAR, p == null ? 1 : p, 0);
            case "VARCHAR", "CHARACTER VARYING", "NVARCHAR" -> new ColumnType(Kind.VARCHAR,
                    p == null ? MAX_STRING_LENGTH : p, 0);
            case "CLOB", "TEXT", "CHARACTER LARGE OBJECT" -> new ColumnType(Kind.CLOB,
                    p == null ? Integer.MAX_VALUE : p, 0);
            case "BINARY" -> new ColumnType(Kind.BINARY, p == null ? 1 : p, 0);
            case "VARBINARY", "BINARY VARYING" -> new ColumnType(Kind.VARBINARY, p == null ? MAX_STRING_LENGTH : p, 0);
            case "BLOB", "BINARY LARGE OBJECT" -> new ColumnType(Kind.BLOB, p == null ? Integer.MAX_VALUE : p, 0);
            case "DATE" -> DATE;
            case "TIME", "TIME WITHOUT TIME ZONE" -> new ColumnType(Kind.TIME, p == null ? 0 : p, 0);
            case "TIMESTAMP", "TIMESTAMP WITHOUT TIME ZONE" -> new ColumnType(Kind.TIMESTAMP, p == null ? 6 : p, 0);
            case "TIMESTAMP WITH TIME ZONE" -> new ColumnType(Kind.TIMESTAMP_WITH_TIME_ZONE, p == null ? 6 : p, 0);
            case "UUID" -> UUID;
            case "REGION" -> REGION;
            default -> throw SqlErrors.unknownDataType(type.name());
        };
        checkBounds(type, result, p, s);
        return result;
    }

    private static void checkBounds(DataType type, ColumnType result, Integer p, Integer s) throws SQLException {
        Kind k = result.kind();
        boolean takesPrecision = k == Kind.DECIMAL || k.isString() || k.isBinary() || k == Kind.FLOAT
                || k == Kind.TIME || k == Kind.TIMESTAMP || k == Kind.TIMESTAMP_WITH_TIME_ZONE
                || (k == Kind.REAL && type.name().equals("FLOAT"));
        if (p != null && !takesPrecision) {
            throw SqlErrors.invalidType(type.name() + "(" + p + ")", "takes no length or precision");
        }
        if (s != null && k != Kind.DECIMAL) {
            throw SqlErrors.invalidType(type.name(), "takes no scale");
        }
        if (p == null) {
            return;
        }
        long max = switch (k) {
            case DECIMAL -> MAX_DECIMAL_PRECISION;
            case FLOAT, REAL -> 53;
            case TIME, TIMESTAMP, TIMESTAMP_WITH_TIME_ZONE -> 9;
            case CLOB, BLOB -> Long.MAX_VALUE;
            default -> MAX_STRING_LENGTH;
        };
        long min = k.isDateTime() ? 0 : 1;
        if (p < min || p > max) {
            throw SqlErrors.invalidType(type.name(), "precision " + p + " is not in " + min + ".." + max);
        }
        if (s != null && (s < 0 || s > p)) {
            throw SqlErrors.invalidType(type.name(), "scale " + s + " is not in 0.." + p);
        }
    }

    /** @return the type as SQL, e.g. {@code DECIMAL(10, 2)} or {@code CHAR(3)} */
    public String sqlName() {
        return switch (kind) {
            case DECIMAL -> "DECIMAL(" + precision + ", " + scale + ")";
            case FLOAT -> precision == 53 ? "FLOAT" : "FLOAT(" + precision + ")";
            case CHAR, VARCHAR, BINARY, VARBINARY -> kind.sqlName() + "(" + precision + ")";
            case TIME -> precision == 0 ? "TIME" : "TIME(" + precision + ")";
            case TIMESTAMP -> precision == 6 ? "TIMESTAMP" : "TIMESTAMP(" + precision + ")";
            case TIMESTAMP_WITH_TIME_ZONE -> precision == 6 ? "TIMESTAMP WITH TIME ZONE"
                    : "TIMESTAMP(" + precision + ") WITH TIME ZONE";
            default -> kind.sqlName();
        };
    }

    @Override
    public String toString() {
        return sqlName();
    }
}
