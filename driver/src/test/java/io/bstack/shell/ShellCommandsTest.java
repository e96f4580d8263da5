package io.bstack.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each backslash command and output format, run in this JVM on a fresh database. */
class ShellCommandsTest {
    @TempDir
    Path dir;

    private static final String SCHEMA = """
            CREATE TABLE dept (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL UNIQUE);
            CREATE TABLE emp (id INT PRIMARY KEY, dept_id INT REFERENCES dept (id), name VARCHAR(30) DEFAULT 'x',
              note VARCHAR(200));
            CREATE INDEX emp_name ON emp (name DESC);
            CREATE VIEW names AS SELECT name FROM emp;
            INSERT INTO dept VALUES (1, 'Sales');
            INSERT INTO emp VALUES (1, 1, 'Ann', NULL), (2, 1, 'Bob', 'line one
            line two, "quoted"'), (3, NULL, '', 'a note far wider than any table cell should ever be shown in full');
            """;

    private ShellRunner.Result run(String script, String... args) {
        String db = dir.resolve("db.bstack").toString();
        String[] all = new String[args.length + 1];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = db;
        return ShellRunner.inJvm(script, all);
    }

    private ShellRunner.Result ok(String script, String... args) {
        ShellRunner.Result r = run(script, args);
        assertThat(r.status()).as(r.err()).isZero();
        return r;
    }

    @Test
    void tablesListsTablesAndViews() {
        String out = ok(SCHEMA + "\\tables\n").out();
        assertThat(out).contains(" PUBLIC | DEPT  | TABLE").contains(" PUBLIC | EMP   | TABLE")
                .contains(" PUBLIC | NAMES | VIEW").contains("(3 tables)").doesNotContain("INFORMATION_SCHEMA");
    }

    @Test
    void describeShowsColumnsKeysAndIndexes() {
        String out = ok(SCHEMA + "\\describe emp\n").out();
        assertThat(out).contains("table PUBLIC.EMP")
                .contains(" 1 | ID      | INTEGER | NOT NULL |")
                .containsPattern(" 3 \\| NAME +\\| VARCHAR +\\| +\\| 'x'")
                .contains("primary key PK_EMP (ID)")
                .containsPattern("foreign key \\S+ \\(DEPT_ID\\) references PUBLIC.DEPT \\(ID\\)")
                .containsPattern("EMP_NAME +\\| +\\| NAME DESC");
        assertThat(ok("\\d dept\n").out()).containsPattern("\\| UNIQUE \\| NAME");
        ShellRunner.Result missing = run("\\d nothing\n");
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).contains("ERROR 42S02: table or view nothing not found");
    }

    @Test
    void tableOutputTruncatesWideValuesAndShowsNull() {
        String out = ok(SCHEMA + "SELECT id, dept_id, note FROM emp ORDER BY id;\n").out();
        assertThat(out).contains("  1 |       1 | NULL")
                .contains("line one\\nline two, \"quoted\"")
                .contains("a note far wider than any table cell sh…")
                .contains("(3 rows)");
        assertThat(out).contains("  3 |    NULL | a note");
    }

    @Test
    void planShowsTheQueryPlan() {
        String out = ok(SCHEMA + "\\plan SELECT * FROM emp WHERE id = 2\n").out();
        assertThat(out).contains("PRIMARY KEY LOOKUP PUBLIC.EMP");
    }

    @Test
    void statsShowsSizesAndBufferPoolCounters() {
        String out = ok(SCHEMA + "\\stats\n").out();
        assertThat(out).containsPattern("FILE_BYTES +\\| +[0-9,]+ \\|").contains("WAL_BYTES").contains("BUFFER_POOL_HITS")
                .contains("BUFFER_POOL_MISSES").contains("ALLOCATOR_FREE_BYTES");
    }

    @Test
    void mapDrawsTheFileByOwner() {
        String out = ok(SCHEMA + "CREATE TABLE blob_notes (id INT PRIMARY KEY, r REGION);\n"
                + "INSERT INTO blob_notes VALUES (1, ALLOC(20000));\n"
                + "DELETE FROM emp WHERE id > 100;\n\\map\n").out();
        assertThat(out).contains("in cells of").contains("TABLE PUBLIC.EMP").contains("CATALOG").contains("REGION")
                .contains("free");
        assertThat(run("\\map zero\n").err()).contains("usage: \\map [CELL_BYTES]");
    }

    @Test
    void csvExportAndImportRoundTrip() throws Exception {
        Path csv = dir.resolve("emp.csv");
        ok(SCHEMA + "\\export " + csv + " emp\n");
        assertThat(Files.readString(csv)).startsWith("ID,DEPT_ID,NAME,NOTE\n1,1,Ann,\n2,1,Bob,\"line one\n");
        String out = ok("CREATE TABLE copy (id INT PRIMARY KEY, dept_id INT, name VARCHAR(30), note VARCHAR(200));\n"
                + "\\import " + csv + " copy\n"
                + "SELECT COUNT(*) AS same FROM emp e JOIN copy c ON e.id = c.id"
                + " AND (e.dept_id = c.dept_id OR e.dept_id IS NULL AND c.dept_id IS NULL)"
                + " AND e.name = c.name AND (e.note = c.note OR e.note IS NULL AND c.note IS NULL);\n").out();
        assertThat(out).contains("\n    3\n");
        Path query = dir.resolve("q.csv");
        ok("\\export '" + query + "' SELECT name FROM emp WHERE id < 3 ORDER BY id\n");
        assertThat(Files.readString(query)).isEqualTo("NAME\nAnn\nBob\n");
    }

    @Test
    void aFailedImportImportsNothing() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "id,name\n10,ok\n11,fine\nnot a number,bad\n");
        ShellRunner.Result r = run(SCHEMA + "\\import " + csv + " dept\n");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("ERROR 22018").contains("nothing was imported");
        assertThat(ok("SELECT COUNT(*) AS n FROM dept;\n").out()).contains("\n 1\n");
        Files.writeString(csv, "id,nope\n1,2\n");
        assertThat(run("\\import " + csv + " dept\n").err()).contains("ERROR 42S22").contains("column nope");
    }

    @Test
    void ctrlCDuringAnImportImportsNothing() throws Exception {
        Path csv = dir.resolve("many.csv");
        StringBuilder b = new StringBuilder("id,name\n");
        for (int i = 0; i < 100_000; i++) {
            b.append(i).append(",n").append(i).append('\n');
        }
        Files.writeString(csv, b);
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:bstack:mem:");
                java.io.PrintStream e = new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8)) {
            Shell shell = new Shell(c, System.out, e, false, false);
            shell.execute("CREATE TABLE many (id INT PRIMARY KEY, name VARCHAR(10))", null, null);
            Thread canceller = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                }
                shell.cancel();
            });
            boolean ok = shell.run(new ScriptParser.Piece(true, "\\import " + csv + " many", 1, 1), "-c");
            canceller.join();
            assertThat(ok).isFalse();
            assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("ERROR HY008")
                    .contains("nothing was imported");
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM many")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
            assertThat(shell.run(new ScriptParser.Piece(false, "SELECT 1", 1, 1), "-c")).isTrue(); // usable again
        }
    }

    @Test
    void formatsCsvAndJson() {
        String csv = ok(SCHEMA + "\\format csv\nSELECT id, note FROM emp WHERE id < 3 ORDER BY id;\n").out();
        assertThat(csv).endsWith("(3 rows affected)\nID,NOTE\n1,\n2,\"line one\nline two, \"\"quoted\"\"\"\n");
        String json = ok("SELECT id, name, note, id > 1 AS big FROM emp WHERE id < 3 ORDER BY id;\n",
                "--format", "json").out();
        assertThat(json).isEqualTo("""
                [
                  {"ID": 1, "NAME": "Ann", "NOTE": null, "BIG": false},
                  {"ID": 2, "NAME": "Bob", "NOTE": "line one\\nline two, \\"quoted\\"", "BIG": true}
                ]
                """);
        assertThat(run("\\format xml\n").err()).contains("usage: \\format table|csv|json");
    }

    @Test
    void timingAddsTheElapsedTime() {
        ShellRunner.Result r = ok("\\timing on\nSELECT 1 AS one;\n");
        assertThat(r.out()).containsPattern("\\(1 row, \\d+\\.\\d{3} s\\)");
        assertThat(r.err()).contains("timing is on");
        assertThat(ok("SELECT 1 AS one;\n").out()).contains("(1 row)\n");
    }

    @Test
    void runExecutesAScriptFileAndQuitStops() throws Exception {
        Path script = dir.resolve("inner.sql");
        Files.writeString(script, "CREATE TABLE r (x INT);\nINSERT INTO r VALUES (5);\n");
        String out = ok("\\run " + script + "\nSELECT x FROM r;\n\\quit\nSELECT 'not reached';\n").out();
        assertThat(out).contains(" 5\n").doesNotContain("not reached");
        ShellRunner.Result missing = run("\\i " + dir.resolve("none.sql") + "\n");
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).contains("no such file");
    }

    @Test
    void helpListsEveryCommandAndUnknownCommandsFail() {
        String help = ok("\\help\n").out();
        for (String c : SqlCompleter.COMMANDS) {
            assertThat(help).contains(c);
        }
        ShellRunner.Result r = run("\\nonsense\n");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("unknown command \\nonsense");
    }

    @Test
    void aCtrlCWhileTheStatementIsStillStartingIsNotLost() throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:bstack:mem:");
                java.sql.Statement st = c.createStatement()) {
            Shell shell = new Shell(c, System.out, System.err, false, false);
            st.execute("CREATE TABLE w (id INT PRIMARY KEY)");
            st.execute("INSERT INTO w VALUES " + String.join(", ",
                    java.util.stream.IntStream.range(0, 300).mapToObj(i -> "(" + i + ")").toList()));
            shell.track(st);
            shell.cancel(); // before the driver runs it: Statement.cancel alone would cancel nothing
            long start = System.nanoTime();
            try {
                assertThatThrownBy(() -> {
                    try (var rs = st.executeQuery("SELECT COUNT(*) FROM w a, w b, w c, w d")) {
                        rs.next();
                    }
                }).isInstanceOf(java.sql.SQLException.class).hasFieldOrPropertyWithValue("SQLState", "HY008");
            } finally {
                shell.track(null);
            }
            assertThat((System.nanoTime() - start) / 1e9).as("seconds until the repeated cancel stopped it").isLessThan(10);
        }
    }
}
