package io.bstack.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.NClob;
import java.sql.SQLException;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class BStackClobTest {

    private static void assertState(String state, Executable call) {
        assertThatThrownBy(call::execute).isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(state);
    }

    private static String read(Reader r) throws IOException {
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[3];
        for (int n; (n = r.read(buf)) > 0; ) {
            sb.append(buf, 0, n);
        }
        return sb.toString();
    }

    @Test
    void isAnNClob() throws SQLException {
        NClob c = new BStackClob("x");
        assertThat(c.length()).isEqualTo(1);
        assertThat(new BStackClob().length()).isZero();
    }

    @Test
    void getSubString() throws SQLException {
        BStackClob c = new BStackClob("hello");
        assertThat(c.getSubString(2, 3)).isEqualTo("ell");
        assertThat(c.getSubString(4, 99)).isEqualTo("lo");
        assertThat(c.getSubString(6, 1)).isEmpty();
        assertState("22011", () -> c.getSubString(0, 1));
        assertState("22011", () -> c.getSubString(7, 1));
        assertState("22011", () -> c.getSubString(1, -1));
    }

    @Test
    void streams() throws Exception {
        BStackClob c = new BStackClob("héllo");
        Reader r = c.getCharacterStream();
        c.setString(1, "X");
        assertThat(read(r)).isEqualTo("héllo");
        assertThat(read(c.getCharacterStream(2, 3))).isEqualTo("éll");
        assertThat(read(c.getCharacterStream(6, 0))).isEmpty();
        assertState("22011", () -> c.getCharacterStream(2, 5));
        assertState("22011", () -> c.getCharacterStream(0, 1));
        assertThat(new String(c.getAsciiStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("X?llo");
    }

    @Test
    void position() throws SQLException {
        BStackClob c = new BStackClob("abcabc");
        assertThat(c.position("bc", 1)).isEqualTo(2);
        assertThat(c.position("bc", 3)).isEqualTo(5);
        assertThat(c.position("bd", 1)).isEqualTo(-1);
        assertThat(c.position("", 7)).isEqualTo(7);
        assertThat(c.position("a", 8)).isEqualTo(-1);
        assertThat(c.position(new BStackClob("ca"), 1)).isEqualTo(3);
        assertState("22011", () -> c.position("a", 0));
    }

    @Test
    void setStringOverwritesAndExtends() throws SQLException {
        BStackClob c = new BStackClob("abc");
        assertThat(c.setString(2, "XYZW")).isEqualTo(4);
        assertThat(c.toText()).isEqualTo("aXYZW");
        assertThat(c.setString(6, "-12-", 1, 2)).isEqualTo(2);
        assertThat(c.toText()).isEqualTo("aXYZW12");
        assertThat(c.setString(2, "q", 0, 1)).isEqualTo(1);
        assertThat(c.toText()).isEqualTo("aqYZW12");
        assertState("22011", () -> c.setString(9, "x"));
        assertState("22023", () -> c.setString(1, "ab", 1, 2));
        assertState("22023", () -> c.setString(1, "ab", -1, 1));
    }

    @Test
    void writers() throws Exception {
        BStackClob c = new BStackClob("abc");
        try (Writer w = c.setCharacterStream(3)) {
            w.write("XY");
            w.write('Z');
            w.flush();
        }
        assertThat(c.toText()).isEqualTo("abXYZ");
        try (OutputStream out = c.setAsciiStream(1)) {
            out.write('q');
            out.write("rs".getBytes(StandardCharsets.US_ASCII), 0, 2);
            out.write(0xe9);
        }
        assertThat(c.toText()).isEqualTo("qrséZ");
        Writer w = c.setCharacterStream(6);
        c.free();
        assertThatThrownBy(() -> w.write("x")).isInstanceOf(IOException.class);
        assertState("22011", () -> new BStackClob("a").setCharacterStream(3));
        assertState("22011", () -> new BStackClob("a").setAsciiStream(0));
    }

    @Test
    void truncate() throws SQLException {
        BStackClob c = new BStackClob("abc");
        c.truncate(2);
        assertThat(c.toText()).isEqualTo("ab");
        assertState("22011", () -> c.truncate(3));
        assertState("22011", () -> c.truncate(-1));
    }

    @Test
    void freedRefusesEverything() {
        BStackClob c = new BStackClob("a");
        c.free();
        c.free();
        assertThat(c.toString()).contains("freed");
        List<Executable> calls = List.of(c::length, () -> c.getSubString(1, 1), c::getCharacterStream,
                () -> c.getCharacterStream(1, 0), c::getAsciiStream, () -> c.position("a", 1),
                () -> c.position(new BStackClob("a"), 1), () -> c.setString(1, "a"),
                () -> c.setString(1, "a", 0, 1), () -> c.setAsciiStream(1), () -> c.setCharacterStream(1),
                () -> c.truncate(0), c::toText);
        for (Executable e : calls) {
            assertState("HY010", e);
        }
    }

    @Property(tries = 300)
    void behavesLikeAStringBuilder(@ForAll @Size(max = 20) List<@IntRange(min = 0, max = 30) Integer> ops,
                                   @ForAll @StringLength(max = 10) String chunk) throws SQLException {
        StringBuilder model = new StringBuilder();
        BStackClob c = new BStackClob();
        for (int op : ops) {
            int pos = Math.min(op, model.length()) + 1;
            if (op % 3 == 0) {
                int len = Math.min(op / 3, model.length());
                c.truncate(len);
                model.setLength(len);
            } else {
                c.setString(pos, chunk);
                int end = Math.min(model.length(), pos - 1 + chunk.length());
                model.replace(pos - 1, end, chunk);
            }
            assertThat(c.toText()).isEqualTo(model.toString());
            assertThat(c.getSubString(1, (int) c.length())).isEqualTo(model.toString());
        }
    }
}
