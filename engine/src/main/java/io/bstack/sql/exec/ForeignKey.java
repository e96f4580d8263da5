package io.bstack.sql.exec;

import io.bstack.btree.Catalog;
import io.bstack.btree.IndexDef;
import io.bstack.btree.Table;
import io.bstack.btree.TableDef;
import io.bstack.sql.ast.ForeignKeyTarget.ReferentialAction;
import io.bstack.sql.ast.TableConstraint;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * One FOREIGN KEY constraint resolved against the catalog: the child (referencing) table and its
 * column positions, the parent (referenced) table and the matching column positions (its primary
 * key when the constraint names no columns), and what deleting or updating a parent row does (a
 * missing action is NO ACTION). Immutable.
 *
 * <p>Resolving fails with {@code 42S02} (no parent table), {@code 42S22} (no such column),
 * {@code 21S02} (column counts differ) or {@code 42830} (the parent columns are neither its primary
 * key nor a UNIQUE constraint's columns).
 */
record ForeignKey(String name, String childSchema, String childTable, List<Integer> childColumns,
        String parentSchema, String parentTable, List<Integer> parentColumns, ReferentialAction onDelete,
        ReferentialAction onUpdate) {

    /** The constraint {@code fk}, declared by table {@code child} (schema {@code schema}). */
    static ForeignKey resolve(Catalog catalog, TableDef child, TableConstraint.ForeignKey fk)
            throws SQLException, IOException {
        String parentSchema = fk.target().table().schema() == null ? child.schema() : fk.target().table().schema();
        String parentName = fk.target().table().name();
        Table parent = catalog.table(parentSchema, parentName);
        if (parent == null) {
            throw new SQLSyntaxErrorException("table " + parentSchema + "." + parentName + " referenced by "
                    + fk.name() + " does not exist", "42S02");
        }
        TableDef p = parent.def();
        List<Integer> childCols = positions(child, fk.columns());
        List<Integer> parentCols = fk.target().columns().isEmpty() ? p.primaryKey()
                : positions(p, fk.target().columns());
        if (parentCols.size() != childCols.size()) {
            throw new SQLSyntaxErrorException("foreign key " + fk.name() + " has " + childCols.size()
                    + " columns, the columns it references " + parentCols.size(), "21S02");
        }
        if (!isKey(catalog, p, parentCols)) {
            throw new SQLSyntaxErrorException("foreign key " + fk.name() + ": the referenced columns of " + p.name()
                    + " are not its PRIMARY KEY or a UNIQUE constraint", "42830");
        }
        return new ForeignKey(fk.name(), child.schema(), child.name(), childCols, parentSchema, parentName, parentCols,
                action(fk.target().onDelete()), action(fk.target().onUpdate()));
    }

    private static ReferentialAction action(ReferentialAction a) {
        return a == null ? ReferentialAction.NO_ACTION : a;
    }

    /** Whether {@code columns} are (in any order) the table's primary key or a unique index's columns. */
    static boolean isKey(Catalog catalog, TableDef table, List<Integer> columns) throws IOException {
        var set = new HashSet<>(columns);
        if (set.size() != columns.size()) {
            return false;
        }
        if (!table.primaryKey().isEmpty() && set.equals(new HashSet<>(table.primaryKey()))) {
            return true;
        }
        for (IndexDef i : catalog.indexDefs(table.schema(), table.name())) {
            if (i.unique() && set.equals(new HashSet<>(i.columns()))) {
                return true;
            }
        }
        return false;
    }

    private static List<Integer> positions(TableDef t, List<String> names) throws SQLException {
        List<Integer> out = new ArrayList<>();
        for (String n : names) {
            int i = t.columns().stream().map(c -> c.name()).toList().indexOf(n);
            if (i < 0) {
                throw new SQLSyntaxErrorException("column " + n + " not found in table " + t.name(), "42S22");
            }
            out.add(i);
        }
        return out;
    }

    /** Whether the constraint's parent is {@code schema.table}. */
    boolean references(String schema, String table) {
        return parentSchema.equals(schema) && parentTable.equals(table);
    }

    /** Whether the child is the parent itself. */
    boolean selfReferencing() {
        return childSchema.equals(parentSchema) && childTable.equals(parentTable);
    }
}
