package io.bstack.sql.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.sql.SqlSyntaxException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A table of bad statements with the exact position and expected-token list of each error. */
class SyntaxErrorPositionTest {

    /** One bad statement and the error it must give. */
    record BadStatement(String sql, int line, int column, List<String> expected, String messagePart) {
        @Override
        public String toString() {
            return sql.replace("\n", "\\n");
        }
    }

    private static final List<String> AFTER_OPERAND = List.of("*", "/", "%", "+", "-", "||", "=", "<>", "<", "<=",
            ">", ">=", "IS", "IN", "BETWEEN", "LIKE", "NOT", "AND", "OR");

    private static List<String> afterOperand(String... more) {
        return Stream.concat(AFTER_OPERAND.stream(), Stream.of(more)).toList();
    }

    static Stream<BadStatement> badStatements() {
        return Stream.of(
                new BadStatement("SELECT * FORM t", 1, 10, List.of(",", "FROM", "WHERE", "GROUP", "HAVING", "INTERSECT",
                        "UNION", "EXCEPT", "ORDER", "LIMIT", "OFFSET", "FETCH", ";"),
                        "Syntax error in SQL statement \"SELECT * [*]FORM t\" at line 1, column 10; expected \",, FROM, WHERE,"),
                new BadStatement("SELECT FROM t", 1, 8, List.of("DISTINCT", "ALL", "NOT", "expression"), "\"SELECT [*]FROM t\""),
                new BadStatement("SELECT a,\n  b\nFROM t WHERE", 3, 13, List.of("NOT", "expression"), "WHERE[*]\""),
                new BadStatement("SELECT a FROM t WHERE a = = 1", 1, 27, List.of("expression"), "a = [*]= 1"),
                new BadStatement("SELECT (1 + 2", 1, 14, afterOperand(")"), "(1 + 2[*]"),
                new BadStatement("INSERT INTO t VALUES (1,)", 1, 25, List.of("NOT", "expression"), "(1,[*])"),
                new BadStatement("INSERT t VALUES (1)", 1, 8, List.of("INTO"), "INSERT [*]t"),
                new BadStatement("CREATE TABLE t (a INT,)", 1, 23,
                        List.of("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "identifier"), "INT,[*])"),
                new BadStatement("CREATE TABLE t (a FOO)", 1, 19, List.of("data type"), "unknown data type FOO"),
                new BadStatement("CREATE TABLE t (a INT) extra", 1, 24, List.of(";"), "[*]extra"),
                new BadStatement("DROP TABLE IF t", 1, 15, List.of("EXISTS"), "IF [*]t"),
                new BadStatement("UPDATE t SET a 1", 1, 16, List.of("="), "a [*]1"),
                new BadStatement("SELECT CASE WHEN a THEN 1", 1, 26, afterOperand("WHEN", "ELSE", "END"), "THEN 1[*]"),
                new BadStatement("SELECT CAST(a INTEGER)", 1, 15, afterOperand("AS"), "CAST(a [*]INTEGER)"),
                new BadStatement("SELECT * FROM t JOIN u ON", 1, 26, List.of("NOT", "expression"), "ON[*]"),
                new BadStatement("SELECT 'abc", 1, 8, List.of("'"), "unterminated string"),
                new BadStatement("SELECT a FROM t ORDER a", 1, 23, List.of("BY"), "ORDER [*]a"),
                new BadStatement("ROLLBACK TO", 1, 12, List.of("SAVEPOINT", "identifier"), "TO[*]"),
                new BadStatement("CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END", 1, 8, List.of(),
                        "CREATE TRIGGER is not supported"),
                new BadStatement("SELECT 1;\n  SELEC 2", 2, 3, List.of(";", "SELECT", "VALUES", "(", "INSERT", "UPDATE",
                        "DELETE", "MERGE", "CREATE", "DROP", "ALTER", "TRUNCATE", "EXPLAIN", "BEGIN", "START", "COMMIT",
                        "ROLLBACK", "SAVEPOINT", "RELEASE", "CALL", "ANALYZE", "SHUTDOWN", "SET", "statement"), "\"[*]SELEC 2\" at line 2, column 3"),
                new BadStatement("SELECT a IS b FROM t", 1, 13, List.of("NOT", "NULL", "DISTINCT", "TRUE", "FALSE", "UNKNOWN"),
                        "IS [*]b"),
                new BadStatement("SET TRANSACTION ISOLATION LEVEL READ", 1, 37, List.of("COMMITTED", "UNCOMMITTED"), "READ[*]"),
                new BadStatement("ALTER TABLE t MODIFY a INT", 1, 15, List.of(".", "ADD", "DROP", "RENAME"), "[*]MODIFY"),
                new BadStatement("SELECT (1, 2)", 1, 10, List.of(), "row value constructor is not supported"),
                new BadStatement("SELECT a FROM t LIMIT", 1, 22, List.of("NOT", "expression"), "LIMIT[*]"),
                new BadStatement("MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN INSERT", 1, 53,
                        List.of("DELETE", "UPDATE"), "THEN [*]INSERT"),
                new BadStatement("SELECT a FROM t WHERE a IN ()) ", 1, 30, List.of("=", "<>", "<", "<=", ">", ">=",
                        "IS", "IN", "BETWEEN", "LIKE", "NOT", "AND", "OR", "GROUP", "HAVING", "INTERSECT", "UNION",
                        "EXCEPT", "ORDER", "LIMIT", "OFFSET", "FETCH", ";"), "IN ()[*])\""),
                new BadStatement("/* c\n */ SELECT 1 +", 2, 15, List.of("expression"), "1 +[*]"),
                new BadStatement("CREATE TABLE t (id INT GENERATED ALWAYS AS (1))", 1, 44, List.of(),
                        "generated column is not supported"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badStatements")
    void errorPointsAtTheRightPlace(BadStatement bad) {
        assertThatThrownBy(() -> Parser.parseStatements(bad.sql()))
                .isInstanceOfSatisfying(SqlSyntaxException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("42000");
                    assertThat(e.line()).as("line").isEqualTo(bad.line());
                    assertThat(e.column()).as("column").isEqualTo(bad.column());
                    assertThat(e.expected()).as("expected").containsExactlyElementsOf(bad.expected());
                    assertThat(e.getMessage()).contains(bad.messagePart())
                            .contains("line " + bad.line() + ", column " + bad.column());
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badStatements")
    void singleStatementParseFailsToo(BadStatement bad) {
        assertThatThrownBy(() -> Parser.parse(bad.sql())).isInstanceOf(SqlSyntaxException.class);
    }
}
