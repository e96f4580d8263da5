package io.bstack.jdbc;

import io.bstack.btree.Table;
import io.bstack.btree.TableDef;
import io.bstack.sql.Session;
import io.bstack.sql.exec.QueryResult;
import io.bstack.sql.exec.ResultColumn;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The changes of an updatable result: the values set on the current row (or the insert row), and
 * the UPDATE, INSERT and DELETE statements that write them, found by the table's primary key. A
 * result is updatable when every column reads one table unchanged and the table's primary key
 * columns are among them. Changes are the connection's own statements: in auto-commit each
 * commits at once. Not thread-safe.
 */
final class RowUpdater {
    private final BStackResultSet result;
    private final BStackConnection conn;
    private final List<ResultColumn> columns;
    private final String table; // quoted schema.table
    private final int[] keyColumns; // result positions (0-based) of the primary key columns
    private final Map<Integer, Object> changes = new HashMap<>();
    private final Set<Integer> updatedRows = new HashSet<>();
    private final Set<Integer> deletedRows = new HashSet<>();
    private boolean onInsertRow;

    private RowUpdater(BStackResultSet result, BStackConnection conn, List<ResultColumn> columns, String table,
            int[] keyColumns) {
        this.result = result;
        this.conn = conn;
        this.columns = columns;
        this.table = table;
        this.keyColumns = keyColumns;
    }

    /** The updater of {@code result}, or null (with a warning saying why) when it cannot be updatable. */
    static RowUpdater of(BStackResultSet result, BStackConnection conn, List<ResultColumn> columns, Warnings warnings)
            throws SQLException {
        String why = null;
        String schema = null;
        String name = null;
        for (ResultColumn c : columns) {
            if (c.table().isEmpty()) {
                why = "column " + c.label() + " is computed";
                break;
            }
            if (name == null) {
                schema = c.schema();
                name = c.table();
            } else if (!name.equals(c.table()) || !schema.equals(c.schema())) {
                why = "it reads more than one table";
                break;
            }
        }
        if (why == null && name == null) {
            why = "it has no columns";
        }
        int[] keys = null;
        if (why == null) {
            String s = schema;
            String n = name;
            TableDef def = conn.locked(() -> conn.session().read((view, alloc) -> {
                Table t = conn.session().database().catalog(view, alloc).table(s, n);
                return t == null ? null : t.def();
            }));
            if (def == null || def.keyedByRowId()) {
                why = "table " + name + " has no primary key";
            } else {
                keys = new int[def.primaryKey().size()];
                for (int k = 0; k < keys.length && why == null; k++) {
                    String col = def.columns().get(def.primaryKey().get(k)).name();
                    keys[k] = -1;
                    for (int i = 0; i < columns.size(); i++) {
                        if (columns.get(i).column().equals(col)) {
                            keys[k] = i;
                            break;
                        }
                    }
                    if (keys[k] < 0) {
                        why = "key column " + col + " of " + name + " is not among its columns";
                    }
                }
            }
        }
        if (why != null) {
            warnings.add(new SQLWarning("the result is read-only (CONCUR_READ_ONLY): " + why, "01000"));
            return null;
        }
        return new RowUpdater(result, conn, columns, quote(schema) + "." + quote(name), keys);
    }

    /**
     * Whether {@code statement} could give an updatable result: not a query that reads more than one
     * table reference (a join, even of a table with itself, or a derived table), whose columns
     * could come from different rows than the primary key the updates would go by. Other statements
     * are left to {@link #of}.
     */
    static boolean mayBeUpdatable(io.bstack.sql.ast.Statement statement) {
        if (!(statement instanceof io.bstack.sql.ast.Statement.QueryStatement q)) {
            return true;
        }
        io.bstack.sql.ast.Query query = q.query();
        while (query instanceof io.bstack.sql.ast.Query.Ordered o) {
            query = o.body();
        }
        if (!(query instanceof io.bstack.sql.ast.Query.Select s)) {
            return true; // VALUES and set operations compute their columns: of() refuses them
        }
        int tables = 0;
        for (io.bstack.sql.ast.TableRef ref : s.from()) {
            tables += tableReferences(ref);
        }
        return tables == 1;
    }

    private static int tableReferences(io.bstack.sql.ast.TableRef ref) {
        return switch (ref) {
            case io.bstack.sql.ast.TableRef.Table t -> 1;
            case io.bstack.sql.ast.TableRef.Join j -> tableReferences(j.left()) + tableReferences(j.right());
            case io.bstack.sql.ast.TableRef.Derived d -> 2; // its columns are not the table's own
        };
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    boolean has(int column) {
        return changes.containsKey(column) || onInsertRow;
    }

    Object value(int column) {
        return changes.get(column);
    }

    void set(int column, Object carrier) {
        changes.put(column, carrier);
    }

    boolean updated(int position) {
        return updatedRows.contains(position);
    }

    boolean deleted(int position) {
        return deletedRows.contains(position);
    }

    void cancel() throws SQLException {
        if (onInsertRow) {
            throw new SQLException("cancelRowUpdates on the insert row", "HY000");
        }
        changes.clear();
    }

    void moveToInsertRow() {
        changes.clear();
        onInsertRow = true;
    }

    void leaveInsertRow() {
        if (onInsertRow) {
            changes.clear();
            onInsertRow = false;
        }
    }

    void updateRow(Object[] row, int position) throws SQLException {
        if (onInsertRow) {
            throw new SQLException("updateRow on the insert row: call insertRow", "HY000");
        }
        if (changes.isEmpty()) {
            return;
        }
        StringJoiner set = new StringJoiner(", ");
        List<Object> params = new ArrayList<>();
        for (Map.Entry<Integer, Object> e : changes.entrySet()) {
            set.add(quote(columns.get(e.getKey() - 1).column()) + " = ?");
            params.add(e.getValue());
        }
        String where = keyCondition(row, params);
        long n = run("UPDATE " + table + " SET " + set + " WHERE " + where, params);
        if (n != 1) {
            throw new SQLException("the row to update is no longer in " + table + " (it was changed or deleted)",
                    "24000");
        }
        for (Map.Entry<Integer, Object> e : changes.entrySet()) {
            row[e.getKey() - 1] = e.getValue();
        }
        changes.clear();
        updatedRows.add(position);
    }

    void deleteRow(Object[] row, int position) throws SQLException {
        if (onInsertRow) {
            throw new SQLException("deleteRow on the insert row", "HY000");
        }
        List<Object> params = new ArrayList<>();
        long n = run("DELETE FROM " + table + " WHERE " + keyCondition(row, params), params);
        if (n != 1) {
            throw new SQLException("the row to delete is no longer in " + table, "24000");
        }
        deletedRows.add(position);
    }

    void insertRow() throws SQLException {
        if (!onInsertRow) {
            throw new SQLException("insertRow outside the insert row: call moveToInsertRow first", "HY000");
        }
        StringJoiner cols = new StringJoiner(", ");
        StringJoiner marks = new StringJoiner(", ");
        List<Object> params = new ArrayList<>();
        for (Map.Entry<Integer, Object> e : changes.entrySet()) {
            cols.add(quote(columns.get(e.getKey() - 1).column()));
            marks.add("?");
            params.add(e.getValue());
        }
        String sql = params.isEmpty() ? "INSERT INTO " + table + " DEFAULT VALUES"
                : "INSERT INTO " + table + " (" + cols + ") VALUES (" + marks + ")";
        run(sql, params);
        changes.clear();
    }

    /** The row as the table holds it now. */
    Object[] refresh(Object[] row) throws SQLException {
        StringJoiner cols = new StringJoiner(", ");
        for (ResultColumn c : columns) {
            cols.add(quote(c.column()));
        }
        List<Object> params = new ArrayList<>();
        String sql = "SELECT " + cols + " FROM " + table + " WHERE " + keyCondition(row, params);
        return conn.locked(() -> {
            Session s = conn.session();
            try (QueryResult r = s.query(sql, params)) {
                if (!r.next()) {
                    throw new SQLException("the row is no longer in " + table, "24000");
                }
                Object[] fresh = new Object[columns.size()];
                for (int i = 0; i < fresh.length; i++) {
                    fresh[i] = r.get(i);
                }
                changes.clear();
                return fresh;
            } catch (SQLException e) {
                throw SqlExceptions.translate(e);
            }
        });
    }

    private String keyCondition(Object[] row, List<Object> params) {
        StringJoiner where = new StringJoiner(" AND ");
        for (int k : keyColumns) {
            where.add(quote(columns.get(k).column()) + " = ?");
            params.add(row[k]);
        }
        return where.toString();
    }

    private long run(String sql, List<Object> params) throws SQLException {
        return conn.locked(() -> {
            try {
                return (long) conn.session().execute(sql, params);
            } catch (SQLException e) {
                throw SqlExceptions.translate(e);
            }
        });
    }

    @Override
    public String toString() {
        return "RowUpdater[" + table + " of " + result + "]";
    }
}
