package io.bstack.crash;

import java.io.ByteArrayInputStream;
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
import java.util.Random;

/**
 * The child JVM of {@link LobCrashTest}: overwrites the BLOBs of {@link LobCrashTest#SLOTS} rows in
 * rotation, one auto-committed {@code UPDATE} per value (durability full), until it is killed, in
 * phases of {@link LobCrashTest#PHASE} values per connection (closing it checkpoints). Each value
 * is {@link LobCrashTest#value} of a fresh version number; the log gets
 * {@code begin <id> <version> <length>} before the statement, {@code ack <id>} after it returned,
 * and after each phase {@code phase <value bytes> <WAL growth> <main file growth>}.
 * Arguments: URL, log file, seed, first version.
 */
public final class LobCrashChild {
    private LobCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Random random = new Random(Long.parseLong(args[2]));
        int version = Integer.parseInt(args[3]);
        try (OutputStream log = new FileOutputStream(Path.of(args[1]).toFile(), true)) {
            for (int i = 0; ; ) {
                // One phase per connection: closing the last one checkpoints, so the next phase's
                // values reuse regions whose pages are shadowed by the frees' WAL versions.
                try (Connection c = DriverManager.getConnection(args[0])) {
                    try (Statement s = c.createStatement()) {
                        s.execute("CREATE TABLE IF NOT EXISTS blobs (id INT PRIMARY KEY, v INT, b BLOB)");
                    }
                    long[] before = stats(c);
                    long bytes = 0;
                    try (PreparedStatement p = c.prepareStatement("UPDATE blobs SET v = ?, b = ? WHERE id = ?");
                         PreparedStatement insert = c.prepareStatement("INSERT INTO blobs VALUES (?, ?, ?)")) {
                        for (int k = 0; k < LobCrashTest.PHASE; k++, i++, version++) {
                            int id = i % LobCrashTest.SLOTS;
                            int len = LobCrashTest.length(random);
                            byte[] value = LobCrashTest.value(version, len);
                            write(log, "begin " + id + " " + version + " " + len);
                            p.setInt(1, version);
                            p.setBinaryStream(2, new ByteArrayInputStream(value), len);
                            p.setInt(3, id);
                            if (p.executeUpdate() == 0) {
                                insert.setInt(1, id);
                                insert.setInt(2, version);
                                insert.setBinaryStream(3, new ByteArrayInputStream(value), len);
                                insert.executeUpdate();
                            }
                            write(log, "ack " + id);
                            bytes += len;
                        }
                    }
                    long[] after = stats(c);
                    write(log, "phase " + bytes + " " + (after[0] - before[0]) + " " + (after[1] - before[1]));
                }
            }
        }
    }

    /** {WAL payload bytes, main file bytes} from DATABASE_STATS. */
    private static long[] stats(Connection c) throws SQLException {
        long[] out = new long[2];
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT NAME, VALUE FROM INFORMATION_SCHEMA.DATABASE_STATS WHERE NAME IN ('WAL_PAYLOAD_BYTES', 'FILE_BYTES')")) {
            while (rs.next()) {
                out[rs.getString(1).equals("WAL_PAYLOAD_BYTES") ? 0 : 1] = rs.getLong(2);
            }
        }
        return out;
    }

    private static void write(OutputStream log, String line) throws java.io.IOException {
        log.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        log.flush();
    }
}
