package io.bstack.jdbc;

import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Blob;
import java.sql.SQLException;

/** A Blob of another driver: delegates, so code under test cannot recognise it as a BStackBlob. */
final class ForeignBlob implements Blob {
    private final Blob d;

    ForeignBlob(Blob d) {
        this.d = d;
    }

    @Override
    public long length() throws SQLException {
        return d.length();
    }

    @Override
    public byte[] getBytes(long pos, int length) throws SQLException {
        return d.getBytes(pos, length);
    }

    @Override
    public InputStream getBinaryStream() throws SQLException {
        return d.getBinaryStream();
    }

    @Override
    public long position(byte[] pattern, long start) throws SQLException {
        return d.position(pattern, start);
    }

    @Override
    public long position(Blob pattern, long start) throws SQLException {
        return d.position(pattern, start);
    }

    @Override
    public int setBytes(long pos, byte[] bytes) throws SQLException {
        return d.setBytes(pos, bytes);
    }

    @Override
    public int setBytes(long pos, byte[] bytes, int offset, int len) throws SQLException {
        return d.setBytes(pos, bytes, offset, len);
    }

    @Override
    public OutputStream setBinaryStream(long pos) throws SQLException {
        return d.setBinaryStream(pos);
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
    public InputStream getBinaryStream(long pos, long length) throws SQLException {
        return d.getBinaryStream(pos, length);
    }
}
