package io.bstack.sql.eval;

import static io.bstack.sql.eval.EvalSupport.check;
import static io.bstack.sql.eval.EvalSupport.compileFails;
import static io.bstack.sql.eval.EvalSupport.fails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.sql.eval.ColumnType.Kind;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** CAST, store assignment and implicit types; expected values checked against H2 2.3. */
class CastsTest {

    @Test
    void numericCastsRoundHalfUpAndCheckRange() throws SQLException {
        check("CAST(2.5 AS INT)", 3);
        check("CAST(-2.5 AS INT)", -3);
        check("CAST(-0.5 AS INT)", -1);
        check("CAST(2.5 AS BIGINT)", 3L);
        check("CAST(CAST(2.5 AS DOUBLE) AS INT)", 3);
        check("CAST(CAST(-2.5 AS DOUBLE) AS INT)", -3);
        check("CAST(CAST('NaN' AS DOUBLE) AS INT)", 0);
        check("CAST(TRUE AS INT)", 1);
        check("CAST(TRUE AS TINYINT)", (byte) 1);
        check("CAST(-32768 AS SMALLINT)", (short) -32768);
        check("CAST(1.5 AS DECIMAL)", new BigDecimal("2"));
        check("CAST(123.456 AS DECIMAL(5,2))", new BigDecimal("123.46"));
        check("CAST(' 1.5 ' AS DECIMAL(5,2))", new BigDecimal("1.50"));
        check("CAST(CAST(1.5 AS DOUBLE) AS DECIMAL(5,2))", new BigDecimal("1.50"));
        check("CAST(1.5 AS REAL)", 1.5f);
        check("CAST(CAST(0.1 AS REAL) AS DOUBLE)", (double) 0.1f);
        check("CAST(1e300 AS REAL)", Float.POSITIVE_INFINITY);
        check("CAST(X'00000001' AS INT)", 1);
        fails("CAST(300 AS TINYINT)", "22003");
        fails("CAST(40000 AS SMALLINT)", "22003");
        fails("CAST(1e40 AS BIGINT)", "22003");
        fails("CAST(CAST('Infinity' AS DOUBLE) AS INT)", "22003");
        fails("CAST(12345.6 AS DECIMAL(5,2))", "22001");
        fails("CAST(100 AS DECIMAL(2))", "22001");
        fails("CAST(CAST('Infinity' AS DOUBLE) AS DECIMAL)", "22018");
        fails("CAST(X'01' AS INT)", "22018");
    }

    @Test
    void stringsParseTrimmedOrFailWith22018() throws SQLException {
        check("CAST(' 12 ' AS INT)", 12);
        check("CAST('-7' AS BIGINT)", -7L);
        check("CAST('1e3' AS DOUBLE)", 1000.0);
        check("CAST(' NaN ' AS DOUBLE)", Double.NaN);
        check("CAST('1d' AS DOUBLE)", 1.0);
        fails("CAST('x' AS INT)", "22018");
        fails("CAST('1.5' AS INT)", "22018");
        fails("CAST('1e3' AS INT)", "22018");
        fails("CAST('99999999999' AS INT)", "22018");
        fails("CAST('abc' AS DECIMAL)", "22018");
        fails("CAST('1x' AS DOUBLE)", "22018");
    }

    @Test
    void characterTargetsCutOrPadLikeH2() throws SQLException {
        check("CAST('abc' AS VARCHAR(2))", "ab");
        check("CAST('a' AS CHAR(3))", "a  ");
        check("CAST('abc' AS CHAR(2))", "ab");
        check("CAST('abc' AS CHAR)", "a");
        check("CAST(TRUE AS VARCHAR)", "TRUE");
        check("CAST(1.5 AS VARCHAR)", "1.5");
        check("CAST(0.00000001 AS VARCHAR)", "0.00000001");
        check("CAST(CAST(1E-10 AS DECIMAL(20,15)) AS VARCHAR)", "0.000000000100000");
        check("CAST(CAST(1 AS DOUBLE) AS VARCHAR)", "1.0");
        check("CAST(CAST(1e20 AS DOUBLE) AS VARCHAR)", "1.0E20");
        check("CAST(CAST(-0.0 AS DOUBLE) AS VARCHAR)", "0.0");
        check("CAST(CAST(100000000 AS REAL) AS VARCHAR)", "1.0E8");
        check("CAST(DATE '2020-01-02' AS VARCHAR)", "2020-01-02");
        check("CAST(TIME '00:00:00' AS VARCHAR)", "00:00:00");
        check("CAST(TIMESTAMP '2020-01-02 10:11:12.123' AS VARCHAR)", "2020-01-02 10:11:12.123");
        check("CAST(TIMESTAMP '2020-01-02 00:00:00.5' AS VARCHAR)", "2020-01-02 00:00:00.5");
        check("CAST(CAST('2020-01-02 10:11:12+02:00' AS TIMESTAMP WITH TIME ZONE) AS VARCHAR)", "2020-01-02 10:11:12+02");
        check("CAST(CAST('2020-01-02 10:11:12-05:30' AS TIMESTAMP WITH TIME ZONE) AS VARCHAR)", "2020-01-02 10:11:12-05:30");
        check("CAST(TIMESTAMP '2020-01-02 10:11:12+02:00' AS VARCHAR)", "2020-01-02 08:11:12");
        check("CAST(X'6162' AS VARCHAR)", "ab");
        check("CAST(CAST('12345678-1234-1234-1234-123456789012' AS UUID) AS VARCHAR)",
                "12345678-1234-1234-1234-123456789012");
    }

    @Test
    void storeAssignmentRaises22001() throws SQLException {
        ColumnType v2 = ColumnType.varchar(2);
        assertThat(Casts.assign("ab", v2)).isEqualTo("ab");
        assertThat(Casts.assign("ab   ", v2)).isEqualTo("ab");
        assertThat(Casts.assign("a", new ColumnType(Kind.CHAR, 3, 0))).isEqualTo("a  ");
        assertThat(Casts.assign(null, v2)).isNull();
        assertThatThrownBy(() -> Casts.assign("abc", v2)).isInstanceOf(java.sql.SQLDataException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("22001");
        assertThatThrownBy(() -> Casts.assign(new byte[3], ColumnType.varbinary(2)))
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("22001");
        assertThatThrownBy(() -> Casts.assign(12345, ColumnType.TINYINT))
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("22003");
    }

    @Test
    void booleans() throws SQLException {
        check("CAST('yes' AS BOOLEAN)", true);
        check("CAST(' true ' AS BOOLEAN)", true);
        check("CAST('f' AS BOOLEAN)", false);
        check("CAST('0.0' AS BOOLEAN)", false);
        check("CAST('2' AS BOOLEAN)", true);
        check("CAST(0.5 AS BOOLEAN)", true);
        check("CAST(0 AS BOOLEAN)", false);
        fails("CAST('maybe' AS BOOLEAN)", "22018");
        fails("CAST(DATE '2020-01-01' AS BOOLEAN)", "22018");
    }

    @Test
    void dateTimes() throws SQLException {
        check("CAST(DATE '2020-01-02' AS TIMESTAMP)", LocalDateTime.of(2020, 1, 2, 0, 0));
        check("CAST(TIMESTAMP '2020-01-02 10:11:12' AS DATE)", LocalDate.of(2020, 1, 2));
        check("CAST(TIMESTAMP '2020-01-02 10:11:12' AS TIME)", LocalTime.of(10, 11, 12));
        check("CAST(TIME '10:11:12.5' AS TIME)", LocalTime.of(10, 11, 13));
        check("CAST(TIME '10:11:12.5' AS TIME(1))", LocalTime.of(10, 11, 12, 500_000_000));
        check("CAST(TIME '23:59:59.9' AS TIME)", LocalTime.of(23, 59, 59));
        check("CAST(TIMESTAMP '1999-12-31 23:59:59.9999' AS TIME(3))", LocalTime.of(23, 59, 59, 999_000_000));
        check("CAST(TIMESTAMP '1999-12-31 23:59:59.999' AS TIMESTAMP(0))", LocalDateTime.of(2000, 1, 1, 0, 0));
        check("CAST('2020-01-02' AS TIMESTAMP)", LocalDateTime.of(2020, 1, 2, 0, 0));
        check("CAST('2020-01-01T10:00' AS TIMESTAMP)", LocalDateTime.of(2020, 1, 1, 10, 0));
        check("CAST('10:11' AS TIME)", LocalTime.of(10, 11));
        check("CAST('2020-01-02 10:11:12+02:00' AS TIMESTAMP WITH TIME ZONE)",
                OffsetDateTime.of(2020, 1, 2, 10, 11, 12, 0, ZoneOffset.ofHours(2)));
        check("CAST(TIMESTAMP '2020-01-02 10:11:12' AS TIMESTAMP WITH TIME ZONE)",
                OffsetDateTime.of(2020, 1, 2, 10, 11, 12, 0, ZoneOffset.UTC));
        fails("CAST('2020-13-01' AS DATE)", "22007");
        fails("CAST('2020-02-30' AS DATE)", "22007");
        fails("CAST('abc' AS DATE)", "22007");
        fails("CAST('2020-01-02 10:11:12' AS DATE)", "22007");
        fails("CAST('24:00:00' AS TIME)", "22007");
        fails("CAST('2020-01-01 25:00' AS TIMESTAMP)", "22007");
        fails("DATE '2020-02-30'", "22007");
        fails("CAST(1 AS DATE)", "22018");
        fails("CAST(DATE '2020-01-01' AS INT)", "22018");
        fails("CAST(TIME '10:00:00' AS TIMESTAMP)", "22018");
    }

    @Test
    void binaryAndUuid() throws SQLException {
        UUID u = UUID.fromString("12345678-1234-1234-1234-123456789012");
        check("CAST('12345678-1234-1234-1234-123456789012' AS UUID)", u);
        check("CAST('12345678123412341234123456789012' AS UUID)", u);
        check("CAST(X'12345678123412341234123456789012' AS UUID)", u);
        check("CAST(CAST('12345678-1234-1234-1234-123456789012' AS UUID) AS VARBINARY)",
                java.util.HexFormat.of().parseHex("12345678123412341234123456789012"));
        check("CAST('ab' AS BINARY(4))", new byte[] {0x61, 0x62, 0, 0});
        check("CAST(2 AS BINARY(4))", new byte[] {0, 0, 0, 2});
        check("CAST('0102' AS VARBINARY)", new byte[] {0x30, 0x31, 0x30, 0x32});
        check("CAST(X'010203' AS VARBINARY(2))", new byte[] {1, 2});
        fails("CAST('xyz' AS UUID)", "22018");
        fails("CAST(1 AS UUID)", "22018");
        fails("CAST(X'01' AS UUID)", "22018");
    }

    @Test
    void nullCastsToNull() throws SQLException {
        for (String type : new String[] {"INT", "VARCHAR(3)", "DATE", "UUID", "BOOLEAN", "DECIMAL(3,1)", "CHAR(2)",
            "REGION"}) {
            check("CAST(NULL AS " + type + ")", null);
        }
        check("CAST('REGION(offset=1,len=2)' AS REGION)", new io.bstack.alloc.Region(1, 2));
    }

    @Test
    void implicitTypes() throws SQLException {
        assertThat(Casts.implicitType(ColumnType.INTEGER, ColumnType.BIGINT)).isEqualTo(ColumnType.BIGINT);
        assertThat(Casts.implicitType(ColumnType.TINYINT, ColumnType.SMALLINT)).isEqualTo(ColumnType.SMALLINT);
        assertThat(Casts.implicitType(ColumnType.INTEGER, ColumnType.decimal(5, 2)))
                .isEqualTo(ColumnType.decimal(12, 2));
        assertThat(Casts.implicitType(ColumnType.DECIMAL, ColumnType.DOUBLE)).isEqualTo(ColumnType.DOUBLE);
        assertThat(Casts.implicitType(ColumnType.SMALLINT, ColumnType.REAL)).isEqualTo(ColumnType.REAL);
        assertThat(Casts.implicitType(ColumnType.INTEGER, ColumnType.REAL)).isEqualTo(ColumnType.DOUBLE);
        assertThat(Casts.implicitType(ColumnType.NULL, ColumnType.DATE)).isEqualTo(ColumnType.DATE);
        assertThat(Casts.implicitType(ColumnType.varchar(3), ColumnType.INTEGER)).isEqualTo(ColumnType.INTEGER);
        assertThat(Casts.comparisonType(ColumnType.varchar(3), ColumnType.INTEGER)).isEqualTo(ColumnType.DECIMAL);
        assertThat(Casts.comparisonType(ColumnType.DOUBLE, ColumnType.varchar(3))).isEqualTo(ColumnType.DOUBLE);
        assertThat(Casts.implicitType(ColumnType.varchar(3), ColumnType.varchar(5))).isEqualTo(ColumnType.varchar(5));
        assertThat(Casts.implicitType(new ColumnType(Kind.CHAR, 2, 0), new ColumnType(Kind.CHAR, 4, 0)).kind())
                .isEqualTo(Kind.CHAR);
        assertThat(Casts.implicitType(ColumnType.DATE, ColumnType.TIMESTAMP).kind()).isEqualTo(Kind.TIMESTAMP);
        assertThat(Casts.implicitType(ColumnType.TIMESTAMP, ColumnType.TIMESTAMP_WITH_TIME_ZONE).kind())
                .isEqualTo(Kind.TIMESTAMP_WITH_TIME_ZONE);
        assertThat(Casts.implicitType(ColumnType.varchar(36), ColumnType.UUID)).isEqualTo(ColumnType.UUID);
        assertThat(Casts.implicitType(ColumnType.varchar(3), ColumnType.VARBINARY)).isEqualTo(ColumnType.VARBINARY);
        assertThatThrownBy(() -> Casts.comparisonType(ColumnType.varchar(3), ColumnType.VARBINARY))
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42804");
        for (ColumnType[] bad : new ColumnType[][] {{ColumnType.BOOLEAN, ColumnType.INTEGER},
                {ColumnType.BOOLEAN, ColumnType.varchar(4)}, {ColumnType.DATE, ColumnType.TIME},
                {ColumnType.UUID, ColumnType.INTEGER}, {ColumnType.VARBINARY, ColumnType.DATE}}) {
            assertThatThrownBy(() -> Casts.implicitType(bad[0], bad[1])).as(bad[0] + " / " + bad[1])
                    .isInstanceOf(java.sql.SQLSyntaxErrorException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42804");
        }
    }

    @Test
    void typeOfValues() {
        assertThat(Casts.typeOf(new BigDecimal("1.50"))).isEqualTo(ColumnType.decimal(3, 2));
        assertThat(Casts.typeOf(new BigDecimal("0.001"))).as("H2: precision 1, scale 3").isEqualTo(ColumnType.decimal(1, 3));
        assertThat(Casts.typeOf("abc")).isEqualTo(ColumnType.varchar(3));
        assertThat(Casts.typeOf(null)).isEqualTo(ColumnType.NULL);
        assertThat(Casts.typeOf(UUID.randomUUID())).isEqualTo(ColumnType.UUID);
        assertThatThrownBy(() -> Casts.typeOf(new Object())).isInstanceOf(IllegalArgumentException.class);
    }
}
