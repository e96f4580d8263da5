package io.bstack.shell;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the shell tells about the database's objects, learnt through {@link DatabaseMetaData} and
 * {@code INFORMATION_SCHEMA}: the list of tables and views, one table's columns, keys and indexes,
 * and the database's statistics. Stateless.
 */
final class Describer {
    private Describer() {
    }

    /** A table or view: schema, name and type. */
    record TableName(String schema, String name, String type) {
        /** The qualified name, quoted for SQL. */
        String sql() {
            return quote(schema) + "." + quote(name);
        }
    }

    /** Prints every table and view outside INFORMATION_SCHEMA. */
    static void tables(Shell shell) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        for (TableName t : all(shell.connection.getMetaData())) {
            rows.add(new String[] {t.schema(), t.name(), t.type()});
        }
        new ResultPrinter(shell.out, 64, shell.color).table(List.of("SCHEMA", "NAME", "TYPE"), rows,
                new boolean[3]);
        shell.out.println("(" + rows.size() + (rows.size() == 1 ? " table)" : " tables)"));
    }

    /** The tables and views outside INFORMATION_SCHEMA, by schema and name. */
    static List<TableName> all(DatabaseMetaData md) throws SQLException {
        List<TableName> out = new ArrayList<>();
        try (ResultSet rs = md.getTables(null, null, "%", null)) {
            while (rs.next()) {
                String schema = rs.getString("TABLE_SCHEM");
                if (!"INFORMATION_SCHEMA".equals(schema)) {
                    out.add(new TableName(schema, rs.getString("TABLE_NAME"), rs.getString("TABLE_TYPE")));
                }
            }
        }
        return out;
    }

    /**
     * The table or view {@code name} ({@code [schema.]table}, unquoted parts upper-cased as SQL
     * does), in the connection's schema first; SQLState {@code 42S02} when there is none.
     */
    static TableName resolve(Shell shell, String name) throws SQLException {
        List<String> parts = identifiers(name.strip());
        String schema = parts.size() > 1 ? parts.get(0) : null;
        String table = parts.get(parts.size() - 1);
        String current = shell.connection.getSchema();
        TableName found = null;
        try (ResultSet rs = shell.connection.getMetaData().getTables(null, schema, table, null)) {
            while (rs.next()) {
                TableName t = new TableName(rs.getString("TABLE_SCHEM"), rs.getString("TABLE_NAME"),
                        rs.getString("TABLE_TYPE"));
                if (!t.name().equals(table)) {
                    continue; // '_' and '%' are patterns to getTables
                }
                if (found == null || t.schema().equals(current)) {
                    found = t;
                }
            }
        }
        if (found == null) {
            throw new SQLException("table or view " + name.strip() + " not found", "42S02");
        }
        return found;
    }

    /** The parts of a possibly qualified, possibly quoted name. */
    static List<String> identifiers(String name) throws SQLException {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i <= name.length()) {
            if (i < name.length() && name.charAt(i) == '"') {
                StringBuilder b = new StringBuilder();
                int j = i + 1;
                while (true) {
                    if (j >= name.length()) {
                        throw new SQLException("unclosed quote in name " + name, "42000");
                    }
                    if (name.charAt(j) == '"') {
                        if (j + 1 < name.length() && name.charAt(j + 1) == '"') {
                            b.append('"');
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    b.append(name.charAt(j++));
                }
                parts.add(b.toString());
                i = j + 1;
            } else {
                int dot = name.indexOf('.', i);
                int end = dot < 0 ? name.length() : dot;
                parts.add(name.substring(i, end).strip().toUpperCase(Locale.ROOT));
                i = end;
            }
            if (i < name.length() && name.charAt(i) != '.') {
                throw new SQLException("not a table name: " + name, "42000");
            }
            i++;
        }
        if (parts.isEmpty() || parts.size() > 2 || parts.stream().anyMatch(String::isEmpty)) {
            throw new SQLException("not a table name: " + name, "42000");
        }
        return parts;
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** Prints the columns, primary key, foreign keys and indexes of one table or view. */
    static void describe(Shell shell, String name) throws SQLException {
        TableName t = resolve(shell, name);
        DatabaseMetaData md = shell.connection.getMetaData();
        ResultPrinter printer = new ResultPrinter(shell.out, 64, shell.color);
        shell.out.println(t.type().toLowerCase(Locale.ROOT) + " " + t.schema() + "." + t.name());
        List<String[]> columns = new ArrayList<>();
        try (ResultSet rs = md.getColumns(null, t.schema(), t.name(), "%")) {
            while (rs.next()) {
                if (!rs.getString("TABLE_NAME").equals(t.name())) {
                    continue;
                }
                columns.add(new String[] {rs.getString("ORDINAL_POSITION"), rs.getString("COLUMN_NAME"),
                        rs.getString("TYPE_NAME"), "YES".equals(rs.getString("IS_NULLABLE")) ? "" : "NOT NULL",
                        Objects.requireNonNullElse(rs.getString("COLUMN_DEF"), "")});
            }
        }
        printer.table(List.of("#", "COLUMN", "TYPE", "NULLS", "DEFAULT"), columns,
                new boolean[] {true, false, false, false, false});
        List<String> keys = new ArrayList<>();
        try (ResultSet rs = md.getPrimaryKeys(null, t.schema(), t.name())) {
            Map<Integer, String> cols = new java.util.TreeMap<>();
            String pk = null;
            while (rs.next()) {
                pk = rs.getString("PK_NAME");
                cols.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
            if (!cols.isEmpty()) {
                keys.add("primary key " + pk + " (" + String.join(", ", cols.values()) + ")");
            }
        }
        try (ResultSet rs = md.getImportedKeys(null, t.schema(), t.name())) {
            Map<String, String[]> fks = new LinkedHashMap<>();
            while (rs.next()) {
                String fk = rs.getString("FK_NAME");
                String[] f = fks.computeIfAbsent(fk, k -> new String[] {"", "", ""});
                f[0] += (f[0].isEmpty() ? "" : ", ") + rs.getString("FKCOLUMN_NAME");
                f[1] = rs.getString("PKTABLE_SCHEM") + "." + rs.getString("PKTABLE_NAME");
                f[2] += (f[2].isEmpty() ? "" : ", ") + rs.getString("PKCOLUMN_NAME");
            }
            fks.forEach((fk, f) -> keys.add("foreign key " + fk + " (" + f[0] + ") references " + f[1] + " (" + f[2]
                    + ")"));
        }
        keys.forEach(shell.out::println);
        Map<String, String[]> indexes = new LinkedHashMap<>();
        try (ResultSet rs = md.getIndexInfo(null, t.schema(), t.name(), false, false)) {
            while (rs.next()) {
                String index = rs.getString("INDEX_NAME");
                if (index == null) {
                    continue;
                }
                String unique = rs.getBoolean("NON_UNIQUE") ? "" : "UNIQUE";
                String[] row = indexes.computeIfAbsent(index, k -> new String[] {k, unique, ""});
                String desc = "D".equals(rs.getString("ASC_OR_DESC")) ? " DESC" : "";
                row[2] += (row[2].isEmpty() ? "" : ", ") + rs.getString("COLUMN_NAME") + desc;
            }
        }
        if (!indexes.isEmpty()) {
            shell.out.println("indexes:");
            printer.table(List.of("INDEX", "UNIQUE", "COLUMNS"), new ArrayList<>(indexes.values()), new boolean[3]);
        }
    }

    /**
     * Prints {@code INFORMATION_SCHEMA.DATABASE_STATS} (sizes also in KiB/MiB) and the allocator's
     * free space from {@code INFORMATION_SCHEMA.FILE_MAP}.
     */
    static void stats(Shell shell) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (Statement st = shell.connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT NAME, VALUE FROM INFORMATION_SCHEMA.DATABASE_STATS")) {
            while (rs.next()) {
                long v = rs.getLong(2);
                String name = rs.getString(1);
                rows.add(stat(name, rs.wasNull() ? null : v));
            }
        }
        try (Statement st = shell.connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*), SUM(LENGTH), MAX(LENGTH)"
                        + " FROM INFORMATION_SCHEMA.FILE_MAP WHERE STATE = 'FREE'")) {
            rs.next();
            rows.add(stat("ALLOCATOR_FREE_REGIONS", rs.getLong(1)));
            rows.add(stat("ALLOCATOR_FREE_BYTES", rs.getLong(2)));
            rows.add(stat("ALLOCATOR_LARGEST_FREE_BYTES", rs.getLong(3)));
        }
        new ResultPrinter(shell.out, 64, shell.color).table(List.of("NAME", "VALUE", ""), rows,
                new boolean[] {false, true, false});
    }

    private static String[] stat(String name, Long value) {
        String human = value != null && name.endsWith("_BYTES") && value >= 1024 ? RegionMap.size(value) : "";
        return new String[] {name, value == null ? null : String.format(Locale.ROOT, "%,d", value), human};
    }
}
