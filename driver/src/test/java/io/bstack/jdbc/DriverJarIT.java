package io.bstack.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The packaged driver jar, as users get it: one jar with the engine, functions and storage inside,
 * no shell or JLine, no runtime dependency in its pom, a JPMS module name, sources and Javadoc
 * jars, and the version printed by {@code java -jar}. Runs after {@code package} (surefire
 * execution {@code driver-jar-tests}); Maven hands it the paths.
 */
class DriverJarIT {
    private static Path jar;
    private static String version;

    @TempDir
    Path dir;

    @BeforeAll
    static void paths() {
        // Only the driver-jar-tests execution (after package) sets the paths; a -Dtest pattern that
        // also selects this class in the test phase, before the jar exists, skips it.
        assumeTrue(System.getProperty("bstack.driver.jar") != null, "runs after package (driver-jar-tests)");
        jar = Path.of(required("bstack.driver.jar"));
        version = required("bstack.driver.version");
        assertThat(jar).exists();
    }

    private static String required(String property) {
        String v = System.getProperty(property);
        assertThat(v).as("system property %s (set by driver/pom.xml)", property).isNotBlank();
        return v;
    }

    @Test
    void theJarHoldsTheWholeDriverAndNothingElse() throws IOException {
        List<String> names = entries(jar);
        assertThat(names).contains(
                "io/bstack/jdbc/BStackDriver.class",       // driver
                "io/bstack/sql/Database.class",            // engine
                "io/bstack/stack/BStack.class",            // storage
                "io/bstack/jdbc/version.properties",
                "META-INF/services/java.sql.Driver");
        assertThat(names).contains("io/bstack/sql/functions/StandardFunctions.class"); // sql-functions
        assertThat(names).noneMatch(n -> n.startsWith("io/bstack/shell/"));
        assertThat(names).noneMatch(n -> n.startsWith("org/jline/"));
        assertThat(names).allMatch(n -> n.startsWith("io/bstack/") || n.startsWith("META-INF/")
                || n.equals("io/") || n.equals("io/bstack/"));
        assertThat(names).doesNotHaveDuplicates();
        try (JarFile j = new JarFile(jar.toFile())) {
            try (InputStream in = j.getInputStream(j.getEntry("META-INF/services/java.sql.Driver"))) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip())
                        .isEqualTo("io.bstack.jdbc.BStackDriver");
            }
        }
    }

    @Test
    void theManifestNamesTheModuleAndTheMainClass() throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            Attributes main = j.getManifest().getMainAttributes();
            assertThat(main.getValue("Automatic-Module-Name")).isEqualTo("io.bstack.jdbc");
            assertThat(main.getValue("Main-Class")).isEqualTo("io.bstack.jdbc.DriverVersion");
            assertThat(main.getValue("Implementation-Version")).isEqualTo(version);
        }
    }

    @Test
    void theDependencyReducedPomHasNoRuntimeDependency() throws Exception {
        Path pom = Path.of(required("bstack.driver.pom"));
        assertThat(pom).exists();
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        Element dependencies = null;
        NodeList top = doc.getDocumentElement().getChildNodes();
        for (int i = 0; i < top.getLength(); i++) {
            if (top.item(i) instanceof Element e && e.getTagName().equals("dependencies")) {
                dependencies = e;
            }
        }
        List<String> runtime = new ArrayList<>();
        if (dependencies != null) {
            NodeList deps = dependencies.getElementsByTagName("dependency");
            for (int i = 0; i < deps.getLength(); i++) {
                Element d = (Element) deps.item(i);
                String scope = text(d, "scope");
                if (!scope.equals("test") && !scope.equals("provided")) {
                    runtime.add(text(d, "groupId") + ":" + text(d, "artifactId") + " (" + scope + ")");
                }
            }
        }
        assertThat(runtime).as("runtime dependencies of the published driver pom").isEmpty();
    }

    private static String text(Element parent, String tag) {
        NodeList n = parent.getElementsByTagName(tag);
        return n.getLength() == 0 ? "compile" : n.item(0).getTextContent().strip();
    }

    @Test
    void javaDashJarPrintsTheVersion() throws Exception {
        assertThat(run(List.of(java(), "-jar", jar.toString())))
                .isEqualTo("BStack DB JDBC driver " + version);
    }

    @Test
    void onTheModulePathItIsModuleIoBstackJdbcAndServesJdbcUrls() throws Exception {
        assertThat(run(List.of(java(), "-p", jar.toString(), "-m", "io.bstack.jdbc")))
                .isEqualTo("BStack DB JDBC driver " + version);
        Path check = dir.resolve("Check.java");
        Files.writeString(check, """
                import java.sql.*;
                public class Check {
                    public static void main(String[] args) throws Exception {
                        try (Connection c = DriverManager.getConnection("jdbc:bstack:mem:");
                             ResultSet r = c.createStatement().executeQuery("SELECT 40 + 2, UPPER('ok')")) {
                            r.next();
                            System.out.println(DriverManager.getDriver("jdbc:bstack:mem:").getClass().getModule().getName()
                                    + " " + c.getMetaData().getDriverVersion() + " " + r.getInt(1) + " " + r.getString(2));
                        }
                    }
                }
                """);
        assertThat(run(List.of(java(), "--module-path", jar.toString(), "--add-modules", "io.bstack.jdbc",
                check.toString()))).isEqualTo("io.bstack.jdbc " + version + " 42 OK"); // UPPER: sql-functions found by ServiceLoader
    }

    @Test
    void sourcesAndJavadocJarsAreBuilt() throws IOException {
        String base = jar.getFileName().toString().replaceFirst("\\.jar$", "");
        Path sources = jar.resolveSibling(base + "-sources.jar");
        Path javadoc = jar.resolveSibling(base + "-javadoc.jar");
        assertThat(entries(sources)).contains("io/bstack/jdbc/BStackDriver.java", "io/bstack/jdbc/BStackDataSource.java")
                .noneMatch(n -> n.startsWith("io/bstack/shell/"));
        // javadoc may put the pages under a module directory (io.bstack.jdbc/io/bstack/jdbc/...)
        List<String> pages = entries(javadoc);
        assertThat(pages).contains("index.html")
                .anyMatch(n -> n.endsWith("io/bstack/jdbc/BStackDriver.html"))
                .anyMatch(n -> n.endsWith("io/bstack/jdbc/BStackDataSource.html"))
                .noneMatch(n -> n.contains("io/bstack/shell/"));
    }

    private static List<String> entries(Path file) throws IOException {
        assertThat(file).exists();
        try (JarFile j = new JarFile(file.toFile())) {
            List<String> names = new ArrayList<>();
            for (JarEntry e : Collections.list(j.entries())) {
                names.add(e.getName());
            }
            return names;
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private String run(List<String> command) throws Exception {
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.to(err.toFile())).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8).strip();
        assertThat(p.exitValue()).as("exit status of %s; output:%n%s%n%s", command, text, Files.readString(err))
                .isZero();
        return text;
    }
}
