package io.bstack.slt;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runner's reading, printing, sorting, hashing and conditions, on small scripts run on SQLite. */
class SltRunnerTest {

    private static SltRunner.FileResult run(String script, String engine) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            return new SltRunner(c, engine).run(SltParser.parse(List.of(script.split("\n", -1))));
        }
    }

    @Test
    void readsEveryKindOfRecord() {
        List<SltRecord> r = SltParser.parse(List.of(
                "# a comment", "hash-threshold 8", "", "statement ok", "CREATE TABLE t(a INTEGER, b TEXT)", "",
                "skipif mysql # why", "onlyif bstack", "query IT rowsort label-1", "SELECT a,", "  b FROM t",
                "----", "1", "x", "", "statement error", "SELECT nothing FROM nowhere", "", "halt", ""));
        assertThat(r).hasSize(5);
        assertThat(r.get(0)).isEqualTo(new SltRecord.HashThreshold(2, 8));
        assertThat(r.get(1)).isEqualTo(new SltRecord.Statement(4, List.of(), false, "CREATE TABLE t(a INTEGER, b TEXT)"));
        SltRecord.Query q = (SltRecord.Query) r.get(2);
        assertThat(q.line()).isEqualTo(9);
        assertThat(q.conditions()).containsExactly(new SltRecord.Condition(false, "mysql"), new SltRecord.Condition(true, "bstack"));
        assertThat(q.types()).isEqualTo("IT");
        assertThat(q.sort()).isEqualTo("rowsort");
        assertThat(q.label()).isEqualTo("label-1");
        assertThat(q.sql()).isEqualTo("SELECT a,\n  b FROM t");
        assertThat(q.expected()).containsExactly("1", "x");
        assertThat(r.get(3)).isEqualTo(new SltRecord.Statement(16, List.of(), true, "SELECT nothing FROM nowhere"));
        assertThat(r.get(4)).isEqualTo(new SltRecord.Halt(19));
    }

    @Test
    void printsValuesAsTheReferenceRunnerDoes() {
        assertThat(SltResults.format(null, 'I')).isEqualTo("NULL");
        assertThat(SltResults.format(7.9, 'I')).isEqualTo("7");
        assertThat(SltResults.format("12abc", 'I')).isEqualTo("12");
        assertThat(SltResults.format(2, 'R')).isEqualTo("2.000");
        assertThat(SltResults.format(-1.23456, 'R')).isEqualTo("-1.235");
        assertThat(SltResults.format("", 'T')).isEqualTo("(empty)");
        assertThat(SltResults.format("a\tb\u00e9", 'T')).isEqualTo("a@b@");
        assertThat(SltResults.format(true, 'I')).isEqualTo("1");
    }

    @Test
    void sortsRowsOrValuesAndHashesWithNewlines() {
        List<String[]> rows = List.of(new String[] {"b", "1"}, new String[] {"a", "2"});
        assertThat(SltResults.sorted(rows, "nosort")).containsExactly("b", "1", "a", "2");
        assertThat(SltResults.sorted(rows, "rowsort")).containsExactly("a", "2", "b", "1");
        assertThat(SltResults.sorted(rows, "valuesort")).containsExactly("1", "2", "a", "b");
        assertThat(SltResults.md5(List.of())).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThat(SltResults.md5(List.of("1"))).isEqualTo("b026324c6904b2a9cb4b88d6d61c81d1"); // md5 of "1\n"
    }

    @Test
    void passesFailsAndSkipsRecords() throws SQLException {
        String script = String.join("\n",
                "statement ok", "CREATE TABLE t(a INTEGER, b TEXT)", "",
                "statement ok", "INSERT INTO t VALUES(2,'y'),(1,'x'),(3,NULL)", "",
                "query IT rowsort", "SELECT a, b FROM t", "----", "1", "x", "2", "y", "3", "NULL", "",
                "query I nosort", "SELECT a FROM t ORDER BY a", "----", "3 values hashing to "
                        + SltResults.md5(List.of("1", "2", "3")), "",
                "query I nosort", "SELECT a FROM t ORDER BY a", "----", "1", "2", "4", "",
                "statement error", "INSERT INTO nowhere VALUES(1)", "",
                "statement error", "SELECT 1", "",
                "onlyif other", "statement ok", "THIS IS NOT SQL", "",
                "skipif bstack", "statement ok", "NOR IS THIS", "",
                "query I nosort lbl", "SELECT 1", "----", "1", "",
                "query I nosort lbl", "SELECT 2", "----", "2", "",
                "halt", "", "statement ok", "NEVER RUN", "");
        SltRunner.FileResult r = run(script, "bstack");
        assertThat(r.skipped()).isEqualTo(2);
        assertThat(r.failures()).extracting(SltRunner.Failure::line).containsExactly(22, 32, 48);
        assertThat(r.passed()).isEqualTo(6);
    }
}
