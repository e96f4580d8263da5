package io.bstack.sql.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.sql.Database;
import io.bstack.sql.Session;
import io.bstack.tx.TxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** On random data, ORDER BY, DISTINCT and GROUP BY give the same results spilled as in memory. */
@SuppressWarnings("try") // the limit scope is not referenced in its body
class SpillProperties {

    @Property(tries = 12)
    void spillingChangesNoResult(@ForAll @IntRange(min = 0, max = 400) int rows, @ForAll long seed,
            @ForAll @LongRange(min = 300, max = 5_000) long limit) throws SQLException, IOException {
        Path dir = Files.createTempDirectory("bstack-spill-property");
        String previous = System.setProperty("bstack.spill.dir", dir.toString());
        try {
            try (Database db = Database.open(dir.resolve("p.bstack"), TxOptions.defaults())) {
                Session s = new Session(db);
                try {
                    SpillTest.fill(s, rows, seed);
                    List<List<List<Object>>> inMemory = SpillTest.results(s);
                    List<List<List<Object>>> spilled;
                    try (var scope = SpillLimit.forTesting(limit)) {
                        spilled = SpillTest.results(s);
                    }
                    assertThat(spilled).isEqualTo(inMemory);
                } finally {
                    s.close();
                }
            }
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.filter(p -> p.getFileName().toString().startsWith("bstack-spill-"))).isEmpty();
            }
        } finally {
            if (previous == null) {
                System.clearProperty("bstack.spill.dir");
            } else {
                System.setProperty("bstack.spill.dir", previous);
            }
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
