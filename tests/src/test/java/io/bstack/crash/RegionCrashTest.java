package io.bstack.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.jdbc.RegionHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The transaction crash family, with region operations issued from SQL: a child JVM
 * ({@link RegionCrashChild}) ALLOCs, REALLOCs, fills and FREEs regions in committed transactions
 * (durability full) and is killed with SIGKILL at a random instant, again and again on one
 * database. After each kill the database is reopened and must hold exactly the acknowledged
 * operations (plus, maybe, the one in flight) — every live row's region with its length and
 * bytes — its registry of regions must match the table (no leaked or forgotten region), every
 * registered region must be one whole used extent of FILE_MAP (nothing free or owned twice
 * inside it), and the database must work on. Kills per allocator: {@code -Dbstack.region.crash.kills}
 * (CI default 3).
 */
class RegionCrashTest {
    static final int KILLS = Integer.getInteger("bstack.region.crash.kills", 3);

    @TempDir
    Path dir;

    /** A row as the log says it must be: its region's length and fill byte. */
    record Expected(int len, int fill) {}

    @ParameterizedTest
    @ValueSource(strings = {"ghosttree", "firstfit", "segregated", "linear"})
    void regionsOfAcknowledgedCommitsSurviveKills(String allocator) throws Exception {
        Path file = dir.resolve("crash-" + allocator);
        String url = "jdbc:bstack:" + file + ";allocator=" + allocator + ";sync=full";
        Random random = new Random(allocator.hashCode() * 31L + KILLS);
        Map<Integer, Expected> acked = new HashMap<>();
        int nextId = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Path log = dir.resolve(allocator + "-" + kill + ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                    System.getProperty("java.class.path"), RegionCrashChild.class.getName(), url, log.toString(),
                    Long.toString(random.nextLong()), Integer.toString(nextId))
                    .redirectErrorStream(true).redirectOutput(dir.resolve(allocator + "-" + kill + ".out").toFile())
                    .start();
            int acks = 5 + random.nextInt(40);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (count(log, "ack ") < acks && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            TimeUnit.MICROSECONDS.sleep(random.nextInt(3000));
            assertThat(child.isAlive()).as("child ended on its own: %s",
                    Files.readString(dir.resolve(allocator + "-" + kill + ".out"))).isTrue();
            child.destroyForcibly();
            assertThat(child.waitFor()).isEqualTo(137);

            Map<Integer, Expected> inFlight = null;
            String[] pending = null;
            for (String line : lines(log)) {
                String[] p = line.split(" ");
                if (p[0].equals("begin")) {
                    pending = p;
                } else if (pending != null) {
                    apply(acked, pending);
                    pending = null;
                }
                if (p[0].equals("begin") && p[1].equals("0")) {
                    nextId = Math.max(nextId, Integer.parseInt(p[2]) + 1);
                }
            }
            if (pending != null) {
                inFlight = new HashMap<>(acked);
                apply(inFlight, pending);
            }
            Map<Integer, Expected> found = verify(url, allocator);
            if (!found.equals(acked)) {
                assertThat(found).as("after kill %d: the acknowledged state or the one in flight", kill)
                        .isEqualTo(inFlight);
                acked = inFlight;
            }
        }
    }

    private static void apply(Map<Integer, Expected> state, String[] begin) {
        int id = Integer.parseInt(begin[2]);
        switch (begin[1]) {
            case "0", "1" -> state.put(id, new Expected(Integer.parseInt(begin[3]), Integer.parseInt(begin[4])));
            default -> state.remove(id);
        }
    }

    private static long count(Path log, String prefix) throws java.io.IOException {
        return lines(log).stream().filter(l -> l.startsWith(prefix)).count();
    }

    /** The log's complete lines (a line the kill cut short is left out). */
    private static List<String> lines(Path log) throws java.io.IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        return text.substring(0, text.lastIndexOf('\n') + 1).lines().toList();
    }

    /** Reopens the database, checks its regions against the table and the file map; returns the rows. */
    private static Map<Integer, Expected> verify(String url, String allocator) throws SQLException {
        Map<Integer, Expected> rows = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            if (!c.getMetaData().getTables(null, "PUBLIC", "LEDGER", null).next()) {
                return rows; // killed before the table's creation committed
            }
            Set<RegionHandle> handles = new HashSet<>();
            try (ResultSet rs = s.executeQuery("SELECT id, r, len, fill, REGION_SIZE(r), REGION_READ(r) FROM ledger")) {
                while (rs.next()) {
                    int len = rs.getInt(3);
                    int fill = rs.getInt(4);
                    rows.put(rs.getInt(1), new Expected(len, fill));
                    handles.add(rs.getObject(2, RegionHandle.class));
                    assertThat(rs.getLong(5)).isEqualTo(len);
                    byte[] bytes = rs.getBytes(6);
                    assertThat(bytes).hasSize(len);
                    for (byte b : bytes) {
                        if (b != (byte) fill) {
                            throw new AssertionError("row " + rs.getInt(1) + ": a byte " + b + " in a region filled with "
                                    + fill);
                        }
                    }
                }
            }
            List<RegionHandle> registered = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT HANDLE FROM INFORMATION_SCHEMA.REGIONS")) {
                while (rs.next()) {
                    registered.add(rs.getObject(1, RegionHandle.class));
                }
            }
            assertThat(registered).as("registry = table").containsExactlyInAnyOrderElementsOf(handles);
            Map<Long, Object[]> map = new HashMap<>();
            long unowned = 0;
            try (ResultSet rs = s.executeQuery("SELECT START_OFFSET, LENGTH, STATE, OWNER FROM"
                    + " INFORMATION_SCHEMA.FILE_MAP")) {
                while (rs.next()) {
                    map.put(rs.getLong(1), new Object[] {rs.getLong(2), rs.getString(3), rs.getString(4)});
                    if (rs.getString(3).equals("USED") && rs.getString(4) == null) {
                        unowned += rs.getLong(2);
                    }
                }
            }
            for (RegionHandle h : handles) {
                assertThat(map.get(h.offset())).as("file map at %s", h).containsExactly(h.length(), "USED", "REGION");
            }
            if (!allocator.equals("linear")) {
                assertThat(unowned).as("leaked bytes (used, owner unknown)").isZero();
            }
            try (PreparedStatement p = c.prepareStatement("SELECT FREE(ALLOC(10))")) {
                p.executeQuery().close(); // still usable
            }
        }
        return rows;
    }
}
