package io.bstack.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The child JVM of {@code LobStreamingTest}: stores a BLOB of {@code args[1]} bytes and a CLOB of
 * {@code args[2]} chars through the stream setters into the file database {@code args[0]}
 * (durability full), reads both back through the stream getters and {@code Blob}/{@code Clob},
 * and prints one line {@code ok <blob crc> <clob crc> <clob chars> <write ms> <read ms>}; any
 * failure (an OutOfMemoryError under the parent's small -Xmx included) ends it with status 1.
 */
public final class LobRoundTripMain {
    private LobRoundTripMain() {
    }

    public static void main(String[] args) throws Exception {
        String url = "jdbc:bstack:" + args[0] + ";sync=full";
        long bytes = Long.parseLong(args[1]);
        long chars = Long.parseLong(args[2]);
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE lobs (id INT PRIMARY KEY, b BLOB, t CLOB)");
            }
            long t0 = System.nanoTime();
            try (PreparedStatement p = c.prepareStatement("INSERT INTO lobs VALUES (?, ?, ?)")) {
                p.setInt(1, 1);
                p.setBinaryStream(2, LobData.bytes(bytes), bytes);
                p.setCharacterStream(3, LobData.text(chars), chars);
                p.executeUpdate();
            }
            long t1 = System.nanoTime();
            long blobCrc;
            long[] clob;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT b, t FROM lobs")) {
                rs.next();
                try (InputStream in = rs.getBinaryStream(1)) {
                    blobCrc = LobData.crc(in);
                }
                try (Reader in = rs.getCharacterStream(2)) {
                    clob = LobData.crc(in);
                }
                Blob blob = rs.getBlob(1);
                Clob text = rs.getClob(2);
                if (blob.length() != bytes || text.length() != chars) {
                    throw new AssertionError("lengths " + blob.length() + ", " + text.length());
                }
                byte[] tail = blob.getBytes(bytes - 3, 4);
                for (int i = 0; i < 4; i++) {
                    if (tail[i] != LobData.byteAt(bytes - 4 + i)) {
                        throw new AssertionError("byte " + (bytes - 4 + i));
                    }
                }
            }
            long t2 = System.nanoTime();
            System.out.println("ok " + blobCrc + " " + clob[0] + " " + clob[1] + " " + (t1 - t0) / 1_000_000 + " "
                    + (t2 - t1) / 1_000_000);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
