package io.bstack.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the engine and driver offer is documented: every built-in function, every URL option with its default. */
class DocCompletenessTest {
    private static String allDocs() throws Exception {
        StringBuilder docs = new StringBuilder();
        for (Path doc : RepoDocs.documents()) {
            docs.append(Files.readString(doc)).append('\n');
        }
        return docs.toString();
    }

    /** Functions of the provider the tests module registers for its own tests. */
    private static final java.util.Set<String> TEST_ONLY = testOnly();

    private static java.util.Set<String> testOnly() {
        var provider = new io.bstack.userfn.TestFunctionProvider();
        java.util.Set<String> names = new java.util.HashSet<>();
        provider.scalarFunctions().forEach(f -> names.add(f.name()));
        provider.aggregateFunctions().forEach(f -> names.add(f.name()));
        return names;
    }

    @Test
    void everyBuiltInFunctionIsNamedInTheDocs() throws Exception {
        String docs = allDocs();
        List<String> undocumented = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:bstack:mem:");
             ResultSet r = c.createStatement().executeQuery(
                     "SELECT ROUTINE_NAME FROM INFORMATION_SCHEMA.ROUTINES ORDER BY ROUTINE_NAME")) {
            while (r.next()) {
                String name = r.getString(1);
                if (TEST_ONLY.contains(name)) {
                    continue; // the tests module's own provider, not shipped
                }
                // named in code: `NAME`, `NAME(...)` or `NAME ...`
                if (!Pattern.compile("`" + Pattern.quote(name) + "(?![A-Za-z0-9_])").matcher(docs).find()) {
                    undocumented.add(name);
                }
            }
        }
        assertThat(undocumented).as("functions in INFORMATION_SCHEMA.ROUTINES that no page names").isEmpty();
    }

    @Test
    void everyConnectionOptionIsInTheOptionsTableWithItsDefault() throws Exception {
        String page = Files.readString(RepoDocs.root().resolve("docs/connecting.md"));
        DriverPropertyInfo[] options = DriverManager.getDriver("jdbc:bstack:mem:")
                .getPropertyInfo("jdbc:bstack:mem:", new Properties());
        assertThat(options).isNotEmpty();
        List<String> missing = new ArrayList<>();
        for (DriverPropertyInfo o : options) {
            // a table row starting with the key, e.g. "| `sync` | `full` |", or "| `user`, `password` | empty |"
            String value = o.value == null || o.value.isEmpty() ? "empty" : "`" + o.value + "`";
            Pattern row = Pattern.compile("(?m)^\\| [^|]*`" + Pattern.quote(o.name) + "`[^|]* \\| " + Pattern.quote(value) + " \\|");
            if (!row.matcher(page).find()) {
                missing.add(o.name + " (default " + value + ")");
            }
        }
        assertThat(missing).as("options of Driver.getPropertyInfo missing from docs/connecting.md").isEmpty();
    }
}
