package io.bstack.sql.exec;

import io.bstack.btree.ColumnDef;
import io.bstack.btree.TableDef;
import io.bstack.sql.eval.ColumnType;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Which columns of the rows an INSERT stored are returned as its generated keys: by default the
 * table's identity columns, or its primary key when it has none (H2 does the same); or the columns
 * named, or the columns at the 1-based positions given. Immutable.
 *
 * <p>Errors: a name or position that is not a column of the table is {@code 42S22} / {@code 07009}.
 */
public record GeneratedKeys(List<String> names, List<Integer> positions) {

    /** The identity columns, else the primary key. */
    public static final GeneratedKeys DEFAULT = new GeneratedKeys(List.of(), List.of());

    public GeneratedKeys {
        names = List.copyOf(names);
        positions = List.copyOf(positions);
        if (!names.isEmpty() && !positions.isEmpty()) {
            throw new IllegalArgumentException("names or positions, not both");
        }
    }

    /** The columns named. */
    public static GeneratedKeys named(List<String> names) {
        return new GeneratedKeys(Objects.requireNonNull(names, "names"), List.of());
    }

    /** The columns at these 1-based positions. */
    public static GeneratedKeys at(List<Integer> positions) {
        return new GeneratedKeys(List.of(), Objects.requireNonNull(positions, "positions"));
    }

    /** Whether {@code c} takes its values from an identity sequence. */
    public static boolean isIdentity(TableDef table, ColumnDef c) {
        return DdlExecutor.identitySequence(table, c) != null;
    }

    /** The positions (0-based) of the columns these keys return from rows of {@code table}. */
    int[] columns(TableDef table) throws SQLException {
        List<ColumnDef> cols = table.columns();
        if (!positions.isEmpty()) {
            int[] out = new int[positions.size()];
            for (int k = 0; k < out.length; k++) {
                int p = positions.get(k);
                if (p < 1 || p > cols.size()) {
                    throw new SQLException("column position " + p + " is not in table " + table.name() + " (1.."
                            + cols.size() + ")", "07009");
                }
                out[k] = p - 1;
            }
            return out;
        }
        if (!names.isEmpty()) {
            int[] out = new int[names.size()];
            for (int k = 0; k < out.length; k++) {
                out[k] = indexOf(table, names.get(k));
            }
            return out;
        }
        List<Integer> identity = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            if (isIdentity(table, cols.get(i))) {
                identity.add(i);
            }
        }
        List<Integer> chosen = identity.isEmpty() ? table.primaryKey() : identity;
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int indexOf(TableDef table, String name) throws SQLException {
        List<ColumnDef> cols = table.columns();
        for (int i = 0; i < cols.size(); i++) {
            if (cols.get(i).name().equals(name)) {
                return i;
            }
        }
        for (int i = 0; i < cols.size(); i++) {
            if (cols.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new SQLException("column " + name + " is not in table " + table.name(), "42S22");
    }

    /** The result of the keys of {@code rows}, stored in {@code table} with these column types. */
    QueryResult result(TableDef table, List<ColumnType> types, List<Object[]> rows) throws SQLException {
        int[] cols = columns(table);
        List<String> labels = new ArrayList<>(cols.length);
        List<ColumnType> keyTypes = new ArrayList<>(cols.length);
        for (int c : cols) {
            labels.add(table.columns().get(c).name());
            keyTypes.add(types.get(c));
        }
        Iterator<Object[]> it = rows.iterator();
        return new SelectExecutor.Result(labels, keyTypes, () -> {
            if (!it.hasNext()) {
                return null;
            }
            Object[] row = it.next();
            Object[] key = new Object[cols.length];
            for (int k = 0; k < cols.length; k++) {
                key[k] = row[cols[k]];
            }
            return key;
        }, 0, Long.MAX_VALUE, () -> { });
    }
}
