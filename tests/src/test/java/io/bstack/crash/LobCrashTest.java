package io.bstack.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash family for large values overwritten in rotation, the path where a reused region's
 * pages are written over their main-file copy before the commit record: a child JVM
 * ({@link LobCrashChild}) overwrites the BLOBs of a few rows again and again (auto-commit,
 * durability full) and is killed with SIGKILL at a random instant, again and again on one
 * database. After each kill the database is reopened and must hold exactly the acknowledged
 * values (plus, maybe, the one in flight), each whole and every byte right; no used byte of the
 * file may be without an owner (no leaked region), and the database must work on. The child
 * reopens its database every few values (a checkpoint), and at least one of its phases must have
 * written its values in place (the WAL grew by less than half of them, the main file by less
 * than a quarter).
 * Kills: {@code -Dbstack.lob.crash.kills} (CI default 4).
 */
class LobCrashTest {
    static final int KILLS = Integer.getInteger("bstack.lob.crash.kills", 4);
    static final int SLOTS = 6;
    /** Values written per connection of the child. */
    static final int PHASE = 2 * SLOTS;

    @TempDir
    Path dir;

    /**
     * A value's length: mostly one of a few large sizes (many pages; a freed region of the same
     * size is reused next, the in-place path), sometimes an odd one or a small one.
     */
    static int length(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> 1 + random.nextInt(5000);
            case 1 -> 64 * 1024 + random.nextInt(300 * 1024);
            default -> (1 + random.nextInt(3)) * 100_000;
        };
    }

    /** The bytes of value {@code version}: a pattern no two versions share at any offset run. */
    static byte[] value(int version, int len) {
        byte[] b = new byte[len];
        long x = version * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < len; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            b[i] = (byte) x;
        }
        return b;
    }

    /** A row as the log says it must be. */
    record Expected(int version, int len) {}

    @Test
    void acknowledgedValuesSurviveKillsWholeAndExact() throws Exception {
        Path file = dir.resolve("lobs");
        String url = "jdbc:bstack:" + file + ";sync=full";
        Random random = new Random(KILLS * 7919L);
        Map<Integer, Expected> acked = new HashMap<>();
        int nextVersion = 1;
        boolean inPlaceSeen = false;
        for (int kill = 0; kill < KILLS; kill++) {
            Path log = dir.resolve("lob-" + kill + ".log");
            Path out = dir.resolve("lob-" + kill + ".out");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                    System.getProperty("java.class.path"), LobCrashChild.class.getName(), url, log.toString(),
                    Long.toString(random.nextLong()), Integer.toString(nextVersion))
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            int acks = PHASE + random.nextInt(3 * PHASE);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (count(log) < acks && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            TimeUnit.MICROSECONDS.sleep(random.nextInt(5000));
            assertThat(child.isAlive()).as("child ended on its own: %s", Files.readString(out)).isTrue();
            child.destroyForcibly();
            assertThat(child.waitFor()).isEqualTo(137);

            String[] pending = null;
            for (String line : lines(log)) {
                String[] p = line.split(" ");
                if (p[0].equals("phase")) {
                    long bytes = Long.parseLong(p[1]);
                    inPlaceSeen |= Long.parseLong(p[2]) < bytes / 2 && Long.parseLong(p[3]) < bytes / 4;
                    continue;
                }
                if (p[0].equals("begin")) {
                    pending = p;
                    nextVersion = Math.max(nextVersion, Integer.parseInt(p[2]) + 1);
                } else if (pending != null) {
                    acked.put(Integer.parseInt(pending[1]), new Expected(Integer.parseInt(pending[2]),
                            Integer.parseInt(pending[3])));
                    pending = null;
                }
            }
            Map<Integer, Expected> found = verify(url);
            if (!found.equals(acked)) {
                assertThat(pending).as("after kill %d: %s, acknowledged %s", kill, found, acked).isNotNull();
                Map<Integer, Expected> inFlight = new HashMap<>(acked);
                inFlight.put(Integer.parseInt(pending[1]), new Expected(Integer.parseInt(pending[2]),
                        Integer.parseInt(pending[3])));
                assertThat(found).as("after kill %d: the acknowledged values or the one in flight", kill)
                        .isEqualTo(inFlight);
                acked = inFlight;
            }
        }
        assertThat(inPlaceSeen).as("a phase wrote its values in place: the WAL grew by less than half the bytes"
                + " and the main file by less than a quarter").isTrue();
    }

    private static long count(Path log) throws java.io.IOException {
        return lines(log).stream().filter(l -> l.startsWith("ack ")).count();
    }

    /** The log's complete lines (a line the kill cut short is left out). */
    private static List<String> lines(Path log) throws java.io.IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        return text.substring(0, text.lastIndexOf('\n') + 1).lines().toList();
    }

    /** Reopens the database, checks every value's bytes and the file map; returns the rows. */
    private static Map<Integer, Expected> verify(String url) throws SQLException {
        Map<Integer, Expected> rows = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            if (!c.getMetaData().getTables(null, "PUBLIC", "BLOBS", null).next()) {
                return rows; // killed before the table's creation committed
            }
            try (ResultSet rs = s.executeQuery("SELECT id, v, b FROM blobs")) {
                while (rs.next()) {
                    byte[] b = rs.getBytes(3);
                    int version = rs.getInt(2);
                    if (!Arrays.equals(b, value(version, b.length))) {
                        throw new AssertionError("row " + rs.getInt(1) + ": the bytes of version " + version
                                + " are damaged");
                    }
                    rows.put(rs.getInt(1), new Expected(version, b.length));
                }
            }
            long unowned = 0;
            try (ResultSet rs = s.executeQuery("SELECT LENGTH, STATE, OWNER FROM INFORMATION_SCHEMA.FILE_MAP")) {
                while (rs.next()) {
                    if (rs.getString(2).equals("USED") && rs.getString(3) == null) {
                        unowned += rs.getLong(1);
                    }
                }
            }
            assertThat(unowned).as("leaked bytes (used, owner unknown)").isZero();
            s.execute("UPDATE blobs SET v = v WHERE id = 0"); // still writable
        }
        return rows;
    }
}
