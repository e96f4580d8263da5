package io.bstack.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

/** One version everywhere: the filtered resource, the Driver, DatabaseMetaData and the jar's main class. */
class DriverVersionTest {
    @Test
    void theVersionComesFromMavenAndSplitsIntoMajorAndMinor() {
        assertThat(DriverVersion.VERSION).matches("\\d+\\.\\d+.*").doesNotContain("${");
        assertThat(DriverVersion.VERSION).startsWith(DriverVersion.MAJOR + "." + DriverVersion.MINOR);
        assertThat(DriverVersion.part("12.34.5-SNAPSHOT", 0)).isEqualTo(12);
        assertThat(DriverVersion.part("12.34.5-SNAPSHOT", 1)).isEqualTo(34);
        assertThat(DriverVersion.part("1.0-rc1", 1)).isZero();
    }

    @Test
    void driverAndMetaDataReportTheSameVersion() throws Exception {
        BStackDriver driver = (BStackDriver) DriverManager.getDriver("jdbc:bstack:mem:");
        assertThat(driver.getMajorVersion()).isEqualTo(DriverVersion.MAJOR);
        assertThat(driver.getMinorVersion()).isEqualTo(DriverVersion.MINOR);
        try (Connection c = DriverManager.getConnection("jdbc:bstack:mem:")) {
            DatabaseMetaData md = c.getMetaData();
            assertThat(md.getDriverVersion()).isEqualTo(DriverVersion.VERSION);
            assertThat(md.getDatabaseProductVersion()).isEqualTo(DriverVersion.VERSION);
            assertThat(md.getDriverMajorVersion()).isEqualTo(DriverVersion.MAJOR);
            assertThat(md.getDatabaseMinorVersion()).isEqualTo(DriverVersion.MINOR);
        }
    }

    @Test
    void mainPrintsTheBanner() {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            DriverVersion.main(new String[0]);
        } finally {
            System.setOut(saved);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8).strip()).isEqualTo("BStack DB JDBC driver " + DriverVersion.VERSION);
    }
}
