package io.bstack.btree;

import io.bstack.alloc.Region;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The SQL column types the key and row codecs understand, each with the plain Java class its
 * values are carried in (SQL NULL is Java {@code null}). The order of values is defined by
 * {@link Values#compare}. Immutable and thread-safe.
 *
 * <table>
 * <caption>Java carriers</caption>
 * <tr><th>type</th><th>Java class</th></tr>
 * <tr><td>BOOLEAN</td><td>{@link Boolean}</td></tr>
 * <tr><td>TINYINT / SMALLINT / INTEGER / BIGINT</td><td>{@link Byte} / {@link Short} / {@link Integer} / {@link Long}</td></tr>
 * <tr><td>DECIMAL</td><td>{@link BigDecimal} (any precision and scale)</td></tr>
 * <tr><td>REAL / DOUBLE</td><td>{@link Float} / {@link Double}</td></tr>
 * <tr><td>VARCHAR / VARBINARY</td><td>{@link String} / {@code byte[]}</td></tr>
 * <tr><td>DATE / TIME / TIMESTAMP</td><td>{@link LocalDate} / {@link LocalTime} / {@link LocalDateTime}</td></tr>
 * <tr><td>TIMESTAMP_WITH_TIME_ZONE</td><td>{@link OffsetDateTime}</td></tr>
 * <tr><td>UUID</td><td>{@link UUID}</td></tr>
 * <tr><td>REGION</td><td>{@link Region} (u64 offset + u64 length)</td></tr>
 * </table>
 */
public enum SqlType {
    BOOLEAN(Boolean.class),
    TINYINT(Byte.class),
    SMALLINT(Short.class),
    INTEGER(Integer.class),
    BIGINT(Long.class),
    DECIMAL(BigDecimal.class),
    REAL(Float.class),
    DOUBLE(Double.class),
    VARCHAR(String.class),
    VARBINARY(byte[].class),
    DATE(LocalDate.class),
    TIME(LocalTime.class),
    TIMESTAMP(LocalDateTime.class),
    TIMESTAMP_WITH_TIME_ZONE(OffsetDateTime.class),
    UUID(UUID.class),
    REGION(Region.class);

    private final Class<?> javaClass;

    SqlType(Class<?> javaClass) {
        this.javaClass = javaClass;
    }

    /** The class every non-null value of this type is an instance of. */
    public Class<?> javaClass() {
        return javaClass;
    }

    /**
     * Whether the row format stores values of this type with a length prefix (and so may move a
     * large one to overflow storage): VARCHAR, VARBINARY and DECIMAL.
     */
    public boolean isVariableLength() {
        return this == VARCHAR || this == VARBINARY || this == DECIMAL;
    }
}
