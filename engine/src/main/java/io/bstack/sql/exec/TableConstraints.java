package io.bstack.sql.exec;

import io.bstack.btree.Catalog;
import io.bstack.btree.ColumnDef;
import io.bstack.btree.IndexDef;
import io.bstack.btree.TableDef;
import io.bstack.sql.ast.AstPrinter;
import io.bstack.sql.ast.ForeignKeyTarget;
import io.bstack.sql.ast.TableConstraint;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The constraints of one table as {@code INFORMATION_SCHEMA} shows them, named as {@link Constraints}
 * names them (the names DROP CONSTRAINT takes): the primary key ({@link Constraints#primaryKeyName}),
 * each UNIQUE constraint (its unique index {@code <table>_UNIQUE_<n>}), each CHECK and FOREIGN KEY.
 * Stateless.
 */
final class TableConstraints {
    private TableConstraints() {}

    enum Kind {
        PRIMARY_KEY("PRIMARY KEY"), UNIQUE("UNIQUE"), CHECK("CHECK"), FOREIGN_KEY("FOREIGN KEY");

        final String sql;

        Kind(String sql) {
            this.sql = sql;
        }
    }

    /**
     * One constraint.
     *
     * @param columns the constrained columns in key order (none for CHECK)
     * @param checkClause the CHECK condition's SQL, or null
     * @param target what a FOREIGN KEY references, or null
     */
    record Constraint(String name, Kind kind, List<String> columns, String checkClause, ForeignKeyTarget target) {}

    /** Whether {@code index} is the index of one of its table's UNIQUE constraints. */
    static boolean isUniqueConstraint(IndexDef index) {
        String prefix = index.table() + "_UNIQUE_";
        return index.unique() && index.name().startsWith(prefix) && index.name().length() > prefix.length()
                && index.name().substring(prefix.length()).chars().allMatch(Character::isDigit);
    }

    /** The constraints of {@code def}: primary key, UNIQUE, then CHECK and FOREIGN KEY as declared. */
    static List<Constraint> of(Catalog catalog, TableDef def) throws SQLException, IOException {
        List<Constraint> out = new ArrayList<>();
        if (!def.primaryKey().isEmpty()) {
            out.add(new Constraint(Constraints.primaryKeyName(def), Kind.PRIMARY_KEY, names(def, def.primaryKey()), null,
                    null));
        }
        for (IndexDef i : catalog.indexDefs(def.schema(), def.name())) {
            if (isUniqueConstraint(i)) {
                out.add(new Constraint(i.name(), Kind.UNIQUE, names(def, i.columns()), null, null));
            }
        }
        for (TableConstraint k : Constraints.of(def)) {
            switch (k) {
                case TableConstraint.Check c -> out.add(new Constraint(c.name(), Kind.CHECK, List.of(),
                        AstPrinter.print(c.condition()), null));
                case TableConstraint.ForeignKey f -> out.add(new Constraint(f.name(), Kind.FOREIGN_KEY, f.columns(), null,
                        f.target()));
                default -> {
                    // primary keys and UNIQUE are kept as the table's key and unique indexes
                }
            }
        }
        return out;
    }

    private static List<String> names(TableDef def, List<Integer> positions) {
        List<String> out = new ArrayList<>();
        for (int p : positions) {
            out.add(def.columns().get(p).name());
        }
        return out;
    }

    /**
     * The primary key or UNIQUE constraint of the referenced table a FOREIGN KEY of a table in
     * {@code schema} relies on (its columns, or the primary key when it names none), or null when the
     * table or such a constraint does not exist (the engine does not enforce references yet).
     */
    static Referenced referenced(Catalog catalog, String schema, ForeignKeyTarget target) throws SQLException,
            IOException {
        String refSchema = target.table().schema() == null ? schema : target.table().schema();
        var table = catalog.table(refSchema, target.table().name());
        if (table == null) {
            return null;
        }
        for (Constraint c : of(catalog, table.def())) {
            boolean unique = c.kind() == Kind.PRIMARY_KEY || c.kind() == Kind.UNIQUE;
            boolean matches = target.columns().isEmpty() ? c.kind() == Kind.PRIMARY_KEY
                    : c.columns().size() == target.columns().size() && c.columns().containsAll(target.columns());
            if (unique && matches) {
                return new Referenced(refSchema, table.def().name(), c);
            }
        }
        return null;
    }

    /** The table and constraint a FOREIGN KEY references. */
    record Referenced(String schema, String table, Constraint constraint) {}

    /** Whether {@code column} is an identity column of {@code def} (its DEFAULT is its own sequence). */
    static boolean isIdentity(TableDef def, ColumnDef column) {
        return DdlExecutor.identitySequence(def, column) != null;
    }
}
