package io.bstack.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcEscapesTest {

    @Test
    void noBracesIsTheSameInstance() throws SQLException {
        String sql = "SELECT 1 FROM T WHERE A = 'x'";
        assertThat(JdbcEscapes.translate(sql)).isSameAs(sql);
        assertThat(JdbcEscapes.parse(sql).returnsValue()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "SELECT {fn ucase(name)} FROM T|SELECT UPPER(name) FROM T",
            "SELECT {FN LCASE('A')}|SELECT LOWER('A')",
            "SELECT {fn curdate()}|SELECT CURRENT_DATE",
            "SELECT {fn CURTIME( )}|SELECT CURRENT_TIME",
            "SELECT {fn now()}|SELECT CURRENT_TIMESTAMP",
            "SELECT {fn current_timestamp()}|SELECT CURRENT_TIMESTAMP",
            "SELECT {fn abs(-1)}|SELECT abs(-1)",
            "SELECT {fn concat('a', 'b')}|SELECT concat('a', 'b')",
            "SELECT {fn space(3)}|SELECT REPEAT(' ', 3)",
            "SELECT {fn user()}|SELECT user()",
            "SELECT {fn ucase({fn lcase(x)})}|SELECT UPPER(LOWER(x))",
            "SELECT {fn concat({fn ucase('a')}, '}')}|SELECT concat(UPPER('a'), '}')",
            "SELECT {fn convert(x, SQL_INTEGER)}|SELECT CAST(x AS INTEGER)",
            "SELECT {fn CONVERT( 'a,b' , sql_varchar )}|SELECT CAST('a,b' AS VARCHAR)",
            "SELECT {fn convert(f(1, 2), SQL_DOUBLE)}|SELECT CAST(f(1, 2) AS DOUBLE PRECISION)",
            "SELECT {fn convert({fn ucase(x)}, SQL_WCHAR)}|SELECT CAST(UPPER(x) AS VARCHAR)",
            "SELECT {fn convert(1, SQL_BIT)}|SELECT CAST(1 AS BOOLEAN)",
            "SELECT {fn convert(u, SQL_GUID)}|SELECT CAST(u AS UUID)",
            "SELECT {fn convert(x, DECIMAL(10, 2))}|SELECT CAST(x AS DECIMAL(10, 2))",
            "SELECT {fn convert(x, SQL_INTERVAL_DAY)}|SELECT CAST(x AS INTERVAL_DAY)",
            "SELECT {d '2024-02-29'}|SELECT DATE '2024-02-29'",
            "SELECT {D'2024-02-29'}|SELECT DATE '2024-02-29'",
            "SELECT {t '13:14:15'}|SELECT TIME '13:14:15'",
            "SELECT {ts '2024-02-29 13:14:15.5'}|SELECT TIMESTAMP '2024-02-29 13:14:15.5'",
            "SELECT * FROM {oj A LEFT OUTER JOIN B ON A.X = B.X}|SELECT * FROM A LEFT OUTER JOIN B ON A.X = B.X",
            "SELECT * FROM {oj A LEFT JOIN {oj B LEFT JOIN C ON 1=1} ON 1=1}|SELECT * FROM A LEFT JOIN B LEFT JOIN C ON 1=1 ON 1=1",
            "{call p(?, ?)}|CALL p(?, ?)",
            "{ CALL p }|CALL p",
            "SELECT * FROM T WHERE A LIKE 'a\\_%' {escape '\\'}|SELECT * FROM T WHERE A LIKE 'a\\_%' ESCAPE '\\'",
            "SELECT * FROM T {limit 10}|SELECT * FROM T LIMIT 10",
            "SELECT * FROM T {limit 10 offset 5}|SELECT * FROM T LIMIT 10 offset 5",
            "SELECT '{fn x}' FROM T|SELECT '{fn x}' FROM T",
            "SELECT 'it''s {d' FROM T|SELECT 'it''s {d' FROM T",
            "SELECT \"{a}\" FROM T|SELECT \"{a}\" FROM T",
            "SELECT \"a\"\"{\" FROM T|SELECT \"a\"\"{\" FROM T",
            "SELECT 1 /* { */ FROM T|SELECT 1 /* { */ FROM T",
            "SELECT $${$$ FROM T|SELECT $${$$ FROM T",
            "SELECT {d '2024-01-01'} /* } */|SELECT DATE '2024-01-01' /* } */",
            "SELECT {fn ucase('}')}|SELECT UPPER('}')"})
    void translates(String in, String out) throws SQLException {
        assertThat(JdbcEscapes.translate(in)).isEqualTo(out);
    }

    @Test
    void lineCommentsAreLeftAlone() throws SQLException {
        assertThat(JdbcEscapes.translate("SELECT 1 -- {oops\nFROM {oj T}")).isEqualTo("SELECT 1 -- {oops\nFROM T");
        assertThat(JdbcEscapes.translate("SELECT 1 -- {oops")).isEqualTo("SELECT 1 -- {oops");
        assertThat(JdbcEscapes.translate("SELECT 'unterminated {")).isEqualTo("SELECT 'unterminated {");
    }

    @Test
    void callReturningAValue() throws SQLException {
        JdbcEscapes.Translation t = JdbcEscapes.parse("{? = call f(?)}");
        assertThat(t.sql()).isEqualTo("CALL f(?)");
        assertThat(t.returnsValue()).isTrue();
        assertThat(JdbcEscapes.returnsValue("{?=CALL f}")).isTrue();
        assertThat(JdbcEscapes.translate("{ ?= call f }")).isEqualTo("CALL f");
        assertThat(JdbcEscapes.returnsValue("{call f(?)}")).isFalse();
        assertThat(JdbcEscapes.returnsValue("SELECT 1")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "SELECT {fn ucase(x)|7|no closing",
            "SELECT }|7|unmatched",
            "SELECT {d '2024-01-01'}}|23|unmatched",
            "SELECT {foo 1}|7|unknown escape '{foo'",
            "SELECT {}|7|missing escape keyword",
            "SELECT { 1}|7|missing escape keyword",
            "SELECT {fn (1)}|11|missing function name",
            "{? call f}|3|expected '='",
            "{? = select 1}|5|expected CALL",
            "{?|2|expected '='",
            "SELECT {fn a({fn b(1)}|7|no closing",
            "SELECT {fn convert(x)}|11|CONVERT takes (value, type)",
            "SELECT {fn convert}|11|CONVERT takes (value, type)",
            "SELECT {fn convert(x, INT) + 1}|11|nothing after it",
            "SELECT {fn convert(, INT)}|11|CONVERT takes (value, type)",
            "SELECT {fn convert(x, )}|11|CONVERT takes (value, type)",
            "SELECT {fn convert(x, f(1)}|11|CONVERT takes (value, type)"})
    void errorsNameThePosition(String sql, int index, String message) {
        assertThatThrownBy(() -> JdbcEscapes.translate(sql))
                .isInstanceOf(SQLSyntaxErrorException.class)
                .hasMessageContaining("index " + index + ":")
                .hasMessageContaining(message)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42000");
    }

    @Property(tries = 500)
    void textWithoutEscapesIsUnchanged(@ForAll @StringLength(max = 40)
                                       @CharRange(from = ' ', to = 'z') String sql) throws SQLException {
        String s = sql.replace("{", "").replace("}", "");
        assertThat(JdbcEscapes.translate(s)).isEqualTo(s);
    }

    @Property(tries = 300)
    void bracesInLiteralsAreUntouched(@ForAll @StringLength(max = 20) @CharRange(from = ' ', to = '~') String text)
            throws SQLException {
        String literal = "'" + text.replace("'", "''") + "'";
        String sql = "SELECT " + literal + ", {fn ucase(" + literal + ")} FROM T";
        assertThat(JdbcEscapes.translate(sql)).isEqualTo("SELECT " + literal + ", UPPER(" + literal + ") FROM T");
    }
}
