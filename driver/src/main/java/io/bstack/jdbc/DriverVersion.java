package io.bstack.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The driver's version, as Maven built it (the filtered resource {@code version.properties}); the
 * driver jar's {@code Main-Class}, so {@code java -jar bstack-driver-VERSION.jar} prints it.
 * {@link BStackDriver} and {@link java.sql.DatabaseMetaData} report the same version.
 */
public final class DriverVersion {
    /** The full version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static final String VERSION = load();
    /** The major version: the first number of {@link #VERSION}. */
    public static final int MAJOR = part(VERSION, 0);
    /** The minor version: the second number of {@link #VERSION}. */
    public static final int MINOR = part(VERSION, 1);

    private DriverVersion() {
    }

    /** The line {@code java -jar} prints: {@code BStack DB JDBC driver VERSION}. */
    public static String banner() {
        return "BStack DB JDBC driver " + VERSION;
    }

    /**
     * Prints {@link #banner()}.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.println(banner());
    }

    private static String load() {
        try (InputStream in = DriverVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("io/bstack/jdbc/version.properties is missing from the driver");
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "");
            if (!v.matches("\\d+\\.\\d+.*")) {
                throw new IllegalStateException("the driver's version.properties was not filtered by Maven: " + v);
            }
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int part(String version, int index) {
        String[] parts = version.split("[.-]");
        return Integer.parseInt(parts[index]);
    }
}
