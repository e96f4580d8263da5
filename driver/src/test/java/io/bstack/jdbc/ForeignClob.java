package io.bstack.jdbc;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.SQLException;

/** An NClob of another driver: delegates, so code under test cannot recognise it as a BStackClob. */
final class ForeignClob implements NClob {
    private final NClob d;

    ForeignClob(NClob d) {
        this.d = d;
    }

    @Override
    public long length() throws SQLException {
        return d.length();
    }

    @Override
    public String getSubString(long pos, int length) throws SQLException {
        return d.getSubString(pos, length);
    }

    @Override
    public Reader getCharacterStream() throws SQLException {
        return d.getCharacterStream();
    }

    @Override
    public InputStream getAsciiStream() throws SQLException {
        return d.getAsciiStream();
    }

    @Override
    public long position(String searchstr, long start) throws SQLException {
        return d.position(searchstr, start);
    }

    @Override
    public long position(Clob searchstr, long start) throws SQLException {
        return d.position(searchstr, start);
    }

    @Override
    public int setString(long pos, String str) throws SQLException {
        return d.setString(pos, str);
    }

    @Override
    public int setString(long pos, String str, int offset, int len) throws SQLException {
        return d.setString(pos, str, offset, len);
    }

    @Override
    public OutputStream setAsciiStream(long pos) throws SQLException {
        return d.setAsciiStream(pos);
    }

    @Override
    public Writer setCharacterStream(long pos) throws SQLException {
        return d.setCharacterStream(pos);
    }

    @Override
    public void truncate(long len) throws SQLException {
        d.truncate(len);
    }

    @Override
    public void free() throws SQLException {
        d.free();
    }

    @Override
    public Reader getCharacterStream(long pos, long length) throws SQLException {
        return d.getCharacterStream(pos, length);
    }
}
