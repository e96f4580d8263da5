package io.bstack.crash;

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The child JVM of {@link RegionCrashTest}: runs region transactions from SQL until it is killed.
 * Each transaction is one operation on table {@code ledger(id, r REGION, len, fill)} — ALLOC a
 * region and fill it, REALLOC one and refill it, or FREE one and delete its row — and the log
 * gets {@code begin <op> <id> <len> <fill>} before the commit and {@code ack <id>} after it
 * returned (durability full). On linear, which resizes only the last region, no REALLOC.
 * Arguments: URL, log file, seed, first id.
 */
public final class RegionCrashChild {
    private RegionCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Random random = new Random(Long.parseLong(args[2]));
        int id = Integer.parseInt(args[3]);
        boolean linear = url.contains("allocator=linear");
        try (OutputStream log = new FileOutputStream(Path.of(args[1]).toFile(), true);
             Connection c = DriverManager.getConnection(url)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS ledger (id INT PRIMARY KEY, r REGION NOT NULL, len INT, fill INT)");
            }
            c.setAutoCommit(false);
            List<Integer> live = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM ledger")) {
                while (rs.next()) {
                    live.add(rs.getInt(1));
                }
            }
            c.commit();
            while (true) {
                int op = live.isEmpty() ? 0 : random.nextInt(3);
                if (op == 1 && linear) {
                    op = 2; // linear resizes only the last region: REALLOC elsewhere is refused (0A000)
                }
                int len = 1 + random.nextInt(random.nextInt(8) == 0 ? 200_000 : 3000);
                int fill = random.nextInt(256);
                int target = op == 0 ? id++ : live.get(random.nextInt(live.size()));
                write(log, "begin " + op + " " + target + " " + len + " " + fill);
                switch (op) {
                    case 0 -> {
                        update(c, "INSERT INTO ledger VALUES (?, ALLOC(?), ?, ?)", target, len, len, fill);
                        query(c, "SELECT REGION_FILL(r, 0, len, fill) FROM ledger WHERE id = ?", target);
                        live.add(target);
                    }
                    case 1 -> {
                        update(c, "UPDATE ledger SET r = REALLOC(r, ?), len = ?, fill = ? WHERE id = ?", len, len, fill,
                                target);
                        query(c, "SELECT REGION_FILL(r, 0, len, fill) FROM ledger WHERE id = ?", target);
                    }
                    default -> {
                        query(c, "SELECT FREE(r) FROM ledger WHERE id = ?", target);
                        update(c, "DELETE FROM ledger WHERE id = ?", target);
                        live.remove((Integer) target);
                    }
                }
                c.commit();
                write(log, "ack " + target);
            }
        }
    }

    private static void write(OutputStream log, String line) throws java.io.IOException {
        log.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        log.flush();
    }

    private static void update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            p.executeUpdate();
        }
    }

    private static void query(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            p.executeQuery().close();
        }
    }
}
