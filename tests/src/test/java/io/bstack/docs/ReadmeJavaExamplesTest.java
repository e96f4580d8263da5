package io.bstack.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The README's Java-side examples, as written: every {@code java} block (and those of
 * docs/connecting.md and docs/internals.md) compiled and run in a
 * child JVM (working directory: a fresh temporary directory, so its relative database paths land
 * there), the Spring Boot properties applied to a HikariCP pool the way Spring Boot binds them,
 * and the Maven dependency snippet matching the driver's real coordinates.
 */
class ReadmeJavaExamplesTest {
    private static final Pattern FENCE = Pattern.compile("(?ms)^```(\\w+)[^\\n]*\\n(.*?)^```\\s*$");

    @TempDir
    Path dir;

    private static List<String> blocks(String language) throws Exception {
        return blocks("README.md", language);
    }

    private static List<String> blocks(String document, String language) throws Exception {
        String readme = Files.readString(RepoDocs.root().resolve(document));
        Matcher m = FENCE.matcher(readme);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            if (m.group(1).equals(language)) {
                out.add(m.group(2));
            }
        }
        return out;
    }

    @Test
    void everyJavaBlockCompilesAndRuns() throws Exception {
        List<String> blocks = new ArrayList<>(blocks("java"));
        assertThat(blocks).as("the README's java blocks").hasSizeGreaterThanOrEqualTo(2)
                .anyMatch(b -> b.contains("DriverManager.getConnection"))
                .anyMatch(b -> b.contains("HikariConfig"));
        List<String> connecting = blocks("docs/connecting.md", "java");
        assertThat(connecting).as("docs/connecting.md's java blocks").anyMatch(b -> b.contains("BStackDataSource"));
        blocks.addAll(connecting);
        for (int i = 0; i < blocks.size(); i++) {
            Path work = Files.createDirectory(dir.resolve("block" + i));
            String out = runBlock(work, blocks.get(i));
            try (var files = Files.list(work)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .as("the example's database file, created in its working directory")
                        .contains("shop.bstack");
            }
            if (blocks.get(i).contains("HikariConfig")) {
                assertThat(out).isEqualTo("2");
            }
        }
    }

    @Test
    void theLayerExamplesOfInternalsRun() throws Exception {
        List<String> blocks = blocks("docs/internals.md", "java");
        assertThat(blocks).as("docs/internals.md's java blocks").hasSizeGreaterThanOrEqualTo(4);
        String output = "";
        for (int i = 0; i < blocks.size(); i++) {
            output += runBlock(Files.createDirectory(dir.resolve("layer" + i)), blocks.get(i));
        }
        assertThat(output).as("the Session example's rows").isEqualTo("ink 14.50\npen 3.00");
    }

    /** Runs {@code block} as the body of a main method (with {@code byte[] bytes} given) in a child JVM in {@code work}. */
    private static String runBlock(Path work, String block) throws Exception {
        Path source = work.resolve("Example.java");
        Files.writeString(source, """
                import java.math.*;
                import java.nio.file.*;
                import java.sql.*;
                import java.time.*;
                import javax.sql.*;
                import com.zaxxer.hikari.*;
                import io.bstack.alloc.*;
                import io.bstack.alloc.RegionHandle; // the storage layer's (the driver has its own)
                import io.bstack.jdbc.*;
                import io.bstack.sql.*;
                import io.bstack.sql.exec.QueryResult;
                import io.bstack.stack.*;
                import io.bstack.tx.*;

                public class Example {
                    public static void main(String[] args) throws Exception {
                        byte[] bytes = "some bytes".getBytes();
                %s
                    }
                }
                """.formatted(block));
        return runJava(work, source);
    }

    private static String runJava(Path work, Path source) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path err = work.resolve("stderr.txt");
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), source.getFileName().toString())
                .directory(work.toFile()).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("the example failed:%n%s%n%s", out, Files.readString(err)).isZero();
        return out;
    }

    @Test
    void theSpringBootPropertiesMakeAWorkingPool() throws Exception {
        List<String> blocks = blocks("properties");
        assertThat(blocks).hasSize(1);
        Properties spring = new Properties();
        spring.load(new StringReader(blocks.getFirst()));
        String url = spring.getProperty("spring.datasource.url");
        String driverClass = spring.getProperty("spring.datasource.driver-class-name");
        assertThat(url).startsWith("jdbc:bstack:./");
        assertThat(Driver.class.isAssignableFrom(Class.forName(driverClass))).isTrue();

        // As Spring Boot binds them: the URL and driver, and spring.datasource.hikari.* onto
        // HikariConfig's properties (kebab-case to camelCase). The relative path goes to a temp dir.
        Properties hikari = new Properties();
        hikari.setProperty("jdbcUrl", "jdbc:bstack:" + dir.resolve(url.substring("jdbc:bstack:./".length())));
        hikari.setProperty("driverClassName", driverClass);
        String prefix = "spring.datasource.hikari.";
        for (String key : spring.stringPropertyNames()) {
            if (key.startsWith(prefix)) {
                hikari.setProperty(camel(key.substring(prefix.length())), spring.getProperty(key));
            }
        }
        assertThat(hikari).containsKey("maximumPoolSize");
        try (HikariDataSource pool = new HikariDataSource(new HikariConfig(hikari));
             Connection c = pool.getConnection();
             ResultSet r = c.createStatement().executeQuery("SELECT 40 + 2")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getInt(1)).isEqualTo(42);
            assertThat(pool.getMaximumPoolSize()).isEqualTo(Integer.parseInt(hikari.getProperty("maximumPoolSize")));
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith(".bstack"));
        }
    }

    private static String camel(String kebab) {
        StringBuilder b = new StringBuilder();
        boolean upper = false;
        for (char ch : kebab.toCharArray()) {
            if (ch == '-') {
                upper = true;
            } else {
                b.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        return b.toString();
    }

    @Test
    void theDependencySnippetNamesTheDriversCoordinates() throws Exception {
        List<String> xml = blocks("xml");
        assertThat(xml).hasSize(1);
        Document snippet = parse(xml.getFirst());
        Document pom = parse(Files.readString(RepoDocs.root().resolve("driver/pom.xml")));
        Element project = pom.getDocumentElement();
        Element parent = (Element) project.getElementsByTagName("parent").item(0);
        assertThat(text(snippet.getDocumentElement(), "groupId")).isEqualTo(text(parent, "groupId"));
        assertThat(text(snippet.getDocumentElement(), "artifactId")).isEqualTo(direct(project, "artifactId"));
        assertThat(text(snippet.getDocumentElement(), "version")).isEqualTo(text(parent, "version"));
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Element e, String tag) {
        return e.getElementsByTagName(tag).item(0).getTextContent().strip();
    }

    private static String direct(Element e, String tag) {
        for (var n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child && child.getTagName().toLowerCase(Locale.ROOT).equals(tag.toLowerCase(Locale.ROOT))) {
                return child.getTextContent().strip();
            }
        }
        throw new AssertionError("no <" + tag + "> in " + e.getTagName());
    }
}
