package io.bstack.sql.exec;

import io.bstack.btree.Catalog;
import io.bstack.btree.TableDef;
import io.bstack.sql.ast.Statement;
import io.bstack.sql.ast.TableConstraint;
import io.bstack.sql.parse.Parser;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CHECK, FOREIGN KEY and named PRIMARY KEY constraints a table keeps as SQL text ({@link TableDef#constraintsSql()}),
 * read back as syntax trees. Every stored constraint carries its name ({@code CONSTRAINT name ...}):
 * the one it was given, or one made when it was created ({@code <TABLE>_CHECK_<n>},
 * {@code FK_<TABLE>_<COLUMNS>}). Stateless; texts already read are remembered (thread-safe).
 */
final class Constraints {
    private static final ConcurrentHashMap<String, TableConstraint> PARSED = new ConcurrentHashMap<>();

    private Constraints() {}

    /** The constraint a stored text holds. */
    static TableConstraint parse(String sql) throws SQLException {
        TableConstraint known = PARSED.get(sql);
        if (known != null) {
            return known;
        }
        Statement st = Parser.parse("CREATE TABLE x (c INT, " + sql + ")");
        TableConstraint c = ((Statement.CreateTable) st).constraints().get(0);
        if (PARSED.size() < 4096) {
            PARSED.put(sql, c);
        }
        return c;
    }

    /**
     * The table's stored constraints, in the order of their texts. A text without a name (written
     * before constraints were named) gets the name it would be given now, from its place among the
     * table's constraints, so it can be found and dropped by that name.
     */
    static List<TableConstraint> of(TableDef table) throws SQLException {
        List<TableConstraint> out = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (String sql : table.constraintsSql()) {
            TableConstraint c = parse(sql);
            out.add(c);
            if (c.name() != null) {
                taken.add(c.name());
            }
        }
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).name() == null) {
                out.set(i, named(out.get(i), table.name(), taken));
            }
        }
        return out;
    }

    /** The table's FOREIGN KEY constraints. */
    static List<TableConstraint.ForeignKey> foreignKeys(TableDef table) throws SQLException {
        List<TableConstraint.ForeignKey> out = new ArrayList<>();
        for (TableConstraint c : of(table)) {
            if (c instanceof TableConstraint.ForeignKey f) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * {@code c} with a name: its own, or one made for table {@code table} that is not in {@code taken}
     * ({@code <TABLE>_CHECK_<n>}, {@code <TABLE>_UNIQUE_<n>}, {@code PK_<TABLE>}, {@code FK_<TABLE>_<COLUMNS>}
     * with {@code _<n>} added when needed). The name is added to {@code taken}; a given name already
     * there is refused ({@code 42000}).
     */
    static TableConstraint named(TableConstraint c, String table, Set<String> taken) throws SQLException {
        String name = c.name();
        if (name != null) {
            if (!taken.add(name)) {
                throw new SQLSyntaxErrorException("constraint " + name + " already exists", "42000");
            }
            return c;
        }
        String base = switch (c) {
            case TableConstraint.Check k -> table + "_CHECK_";
            case TableConstraint.Unique u -> table + "_UNIQUE_";
            case TableConstraint.PrimaryKey p -> "PK_" + table;
            case TableConstraint.ForeignKey f -> "FK_" + table + "_" + String.join("_", f.columns());
        };
        name = base.endsWith("_") ? base + 1 : base;
        for (int n = 2; taken.contains(name); n++) {
            name = base.endsWith("_") ? base + n : base + "_" + n;
        }
        taken.add(name);
        return switch (c) {
            case TableConstraint.Check k -> new TableConstraint.Check(name, k.condition());
            case TableConstraint.Unique u -> new TableConstraint.Unique(name, u.columns());
            case TableConstraint.PrimaryKey p -> new TableConstraint.PrimaryKey(name, p.columns());
            case TableConstraint.ForeignKey f -> new TableConstraint.ForeignKey(name, f.columns(), f.target());
        };
    }

    /**
     * The name of the table's primary key: the one it was declared with (kept as a PRIMARY KEY text
     * among the constraints), else {@code PK_<TABLE>}; null when it has none.
     */
    static String primaryKeyName(TableDef table) throws SQLException {
        if (table.primaryKey().isEmpty()) {
            return null;
        }
        for (TableConstraint c : of(table)) {
            if (c instanceof TableConstraint.PrimaryKey p) {
                return p.name();
            }
        }
        return "PK_" + table.name();
    }

    /** The names of the constraints and indexes of {@code schema}, which a new constraint's name must differ from. */
    static Set<String> taken(Catalog catalog, String schema) throws SQLException, IOException {
        Set<String> names = new HashSet<>(catalog.indexes(schema));
        for (String t : catalog.tables(schema)) {
            TableDef def = catalog.table(schema, t).def();
            for (TableConstraint c : of(def)) {
                names.add(c.name());
            }
            names.add(primaryKeyName(def));
        }
        return names;
    }
}
