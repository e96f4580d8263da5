package io.bstack.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Blob;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class BStackBlobTest {
    private static byte[] b(int... v) {
        byte[] r = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = (byte) v[i];
        }
        return r;
    }

    private static void assertState(String state, Executable call) {
        assertThatThrownBy(call::execute).isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(state);
    }

    @Test
    void copiesItsInput() throws SQLException {
        byte[] in = b(1, 2, 3);
        BStackBlob blob = new BStackBlob(in);
        in[0] = 9;
        assertThat(blob.getBytes(1, 3)).containsExactly(1, 2, 3);
        blob.toBytes()[0] = 7;
        assertThat(blob.toBytes()).containsExactly(1, 2, 3);
        assertThat(new BStackBlob().length()).isZero();
    }

    @Test
    void getBytes() throws SQLException {
        BStackBlob blob = new BStackBlob(b(1, 2, 3, 4));
        assertThat(blob.length()).isEqualTo(4);
        assertThat(blob.getBytes(2, 2)).containsExactly(2, 3);
        assertThat(blob.getBytes(3, 100)).containsExactly(3, 4);
        assertThat(blob.getBytes(5, 1)).isEmpty();
        assertThat(blob.getBytes(1, 0)).isEmpty();
        assertState("22011", () -> blob.getBytes(0, 1));
        assertState("22011", () -> blob.getBytes(6, 1));
        assertState("22011", () -> blob.getBytes(2, -1));
        assertThatThrownBy(() -> blob.getBytes(0, 1)).isInstanceOf(SQLDataException.class)
                .hasMessageContaining("position 0");
    }

    @Test
    void binaryStreams() throws Exception {
        BStackBlob blob = new BStackBlob(b(1, 2, 3, 4));
        var all = blob.getBinaryStream();
        blob.setBytes(1, b(9));
        assertThat(all.readAllBytes()).containsExactly(1, 2, 3, 4);
        assertThat(blob.getBinaryStream(2, 3).readAllBytes()).containsExactly(2, 3, 4);
        assertThat(blob.getBinaryStream(5, 0).readAllBytes()).isEmpty();
        assertState("22011", () -> blob.getBinaryStream(2, 4));
        assertState("22011", () -> blob.getBinaryStream(0, 1));
        assertState("22011", () -> blob.getBinaryStream(1, -1));
    }

    @Test
    void position() throws SQLException {
        BStackBlob blob = new BStackBlob(b(1, 2, 1, 2, 3));
        assertThat(blob.position(b(1, 2), 1)).isEqualTo(1);
        assertThat(blob.position(b(1, 2), 2)).isEqualTo(3);
        assertThat(blob.position(b(2, 3), 1)).isEqualTo(4);
        assertThat(blob.position(b(3, 4), 1)).isEqualTo(-1);
        assertThat(blob.position(b(1, 2, 1, 2, 3, 4), 1)).isEqualTo(-1);
        assertThat(blob.position(b(), 3)).isEqualTo(3);
        assertThat(blob.position(b(1), 9)).isEqualTo(-1);
        assertThat(blob.position(new BStackBlob(b(2, 3)), 1)).isEqualTo(4);
        assertState("22011", () -> blob.position(b(1), 0));
    }

    @Test
    void setBytesOverwritesAndExtends() throws SQLException {
        BStackBlob blob = new BStackBlob(b(1, 2, 3));
        assertThat(blob.setBytes(2, b(8, 9, 10, 11))).isEqualTo(4);
        assertThat(blob.toBytes()).containsExactly(1, 8, 9, 10, 11);
        assertThat(blob.setBytes(6, b(0, 5, 6, 0), 1, 2)).isEqualTo(2);
        assertThat(blob.toBytes()).containsExactly(1, 8, 9, 10, 11, 5, 6);
        assertThat(blob.setBytes(1, b(7), 0, 0)).isZero();
        assertState("22011", () -> blob.setBytes(9, b(1)));
        assertState("22011", () -> blob.setBytes(0, b(1)));
        assertState("22023", () -> blob.setBytes(1, b(1, 2), 1, 2));
        assertState("22023", () -> blob.setBytes(1, b(1, 2), -1, 1));
        assertState("22023", () -> blob.setBytes(1, b(1, 2), 0, -1));
    }

    @Test
    void setBinaryStreamWritesThrough() throws Exception {
        BStackBlob blob = new BStackBlob(b(1, 2, 3));
        try (OutputStream out = blob.setBinaryStream(3)) {
            out.write(7);
            assertThat(blob.toBytes()).containsExactly(1, 2, 7);
            out.write(b(8, 9, 10), 1, 2);
        }
        assertThat(blob.toBytes()).containsExactly(1, 2, 7, 9, 10);
        OutputStream out = blob.setBinaryStream(6);
        out.write(b(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17));
        assertThat(blob.length()).isEqualTo(22);
        assertThatThrownBy(() -> out.write(b(1), 1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        blob.free();
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class);
        assertState("22011", () -> new BStackBlob().setBinaryStream(2));
    }

    @Test
    void truncate() throws SQLException {
        BStackBlob blob = new BStackBlob(b(1, 2, 3));
        blob.truncate(1);
        assertThat(blob.toBytes()).containsExactly(1);
        blob.setBytes(2, b(5));
        assertThat(blob.toBytes()).containsExactly(1, 5);
        blob.truncate(0);
        assertThat(blob.length()).isZero();
        assertState("22011", () -> blob.truncate(1));
        assertState("22011", () -> blob.truncate(-1));
    }

    @Test
    void freedRefusesEverything() throws SQLException {
        BStackBlob blob = new BStackBlob(b(1));
        blob.free();
        blob.free();
        assertThat(blob.toString()).contains("freed");
        List<Executable> calls = List.of(blob::length, () -> blob.getBytes(1, 1), blob::getBinaryStream,
                () -> blob.getBinaryStream(1, 0), () -> blob.position(b(1), 1),
                () -> blob.position(new BStackBlob(b(1)), 1), () -> blob.setBytes(1, b(1)),
                () -> blob.setBytes(1, b(1), 0, 1), () -> blob.setBinaryStream(1), () -> blob.truncate(0),
                blob::toBytes);
        for (Executable c : calls) {
            assertState("HY010", c);
        }
    }

    @Property(tries = 300)
    void behavesLikeAnArray(@ForAll @Size(max = 20) List<@IntRange(min = 0, max = 30) Integer> ops,
                            @ForAll @Size(max = 10) byte[] chunk) throws SQLException {
        byte[] model = new byte[0];
        BStackBlob blob = new BStackBlob();
        for (int op : ops) {
            int pos = Math.min(op, model.length) + 1;
            if (op % 3 == 0) {
                int len = Math.min(op / 3, model.length);
                blob.truncate(len);
                model = Arrays.copyOf(model, len);
            } else {
                blob.setBytes(pos, chunk);
                byte[] m = Arrays.copyOf(model, Math.max(model.length, pos - 1 + chunk.length));
                System.arraycopy(chunk, 0, m, pos - 1, chunk.length);
                model = m;
            }
            assertThat(blob.toBytes()).isEqualTo(model);
            assertThat(blob.length()).isEqualTo(model.length);
        }
        Blob other = new BStackBlob(model);
        assertThat(other.getBytes(1, model.length)).isEqualTo(model);
    }
}
