package io.bstack.btree;

import java.io.IOException;
import java.util.List;

/** Walks a table's rows in key order; see {@link Cursor} for its behaviour under change. Not thread-safe. */
public final class TableCursor {

    private final Cursor cursor;
    private final List<SqlType> types;
    private final OverflowStore overflow;
    private final io.bstack.stack.ByteStack view;

    TableCursor(Cursor cursor, List<SqlType> types, OverflowStore overflow, io.bstack.stack.ByteStack view) {
        this.cursor = cursor;
        this.types = List.copyOf(types); // once: each row's view keeps it as it is
        this.overflow = overflow;
        this.view = view;
    }

    public boolean first() throws IOException {
        return cursor.first();
    }

    public boolean last() throws IOException {
        return cursor.last();
    }

    public boolean seek(byte[] key) throws IOException {
        return cursor.seek(key);
    }

    public boolean next() throws IOException {
        return cursor.next();
    }

    public boolean previous() throws IOException {
        return cursor.previous();
    }

    public byte[] key() {
        return cursor.key();
    }

    public RowView row() throws IOException {
        return new RowView(types, cursor.value(), overflow);
    }

    /** The current row's values, spilled VARCHAR/VARBINARY values as unread {@link StoredLob}s. */
    public Object[] rowByReference() throws IOException {
        RowView row = row();
        Object[] v = new Object[row.columnCount()];
        for (int c = 0; c < v.length; c++) {
            v[c] = row.lob(c, view);
        }
        return v;
    }
}
