package io.bstack.sql.exec;

import io.bstack.btree.Catalog;
import io.bstack.btree.ColumnDef;
import io.bstack.btree.FunctionDef;
import io.bstack.btree.IndexDef;
import io.bstack.btree.SequenceDef;
import io.bstack.btree.Table;
import io.bstack.btree.TableDef;
import io.bstack.btree.ViewDef;
import io.bstack.sql.ast.AstPrinter;
import io.bstack.sql.ast.ForeignKeyTarget;
import io.bstack.sql.ast.Statement;
import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.eval.ExpressionCompiler;
import io.bstack.sql.function.AggregateFunction;
import io.bstack.sql.function.FunctionRegistry;
import io.bstack.sql.function.ScalarFunction;
import io.bstack.sql.parse.Parser;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The read-only schema {@code INFORMATION_SCHEMA}: tables whose rows are built, when a query names
 * them, from the catalog as the query's transaction sees it (and, for {@code ROUTINES},
 * {@code SESSIONS} and {@code DATABASE_STATS}, from the function registry, the database's open
 * sessions and its storage counters; user functions are listed in {@code ROUTINES} under schema
 * {@code PUBLIC}, from the catalog alone). Column names and
 * meanings follow H2 2.x where H2 has them; as in H2, the schema's own tables are listed in
 * {@code TABLES} as {@code VIEW}s and in {@code VIEWS} without a definition. Not thread-safe: one
 * instance per statement.
 *
 * <p>Errors: a damaged catalog entry or a failed read is {@code HY000} (from the catalog); a view
 * whose query no longer plans lists no columns rather than failing the query.
 */
final class InformationSchema {

    /** The schema's name. */
    static final String NAME = "INFORMATION_SCHEMA";

    /** A column of a system table. */
    record Column(String name, ColumnType type, boolean nullable) {}

    /** A system table: its name and columns. */
    record Definition(String name, List<Column> columns) {
        List<String> names() {
            return columns.stream().map(Column::name).toList();
        }

        List<ColumnType> types() {
            return columns.stream().map(Column::type).toList();
        }
    }

    private static final Map<String, Definition> TABLES = new LinkedHashMap<>();

    static {
        define("CHECK_CONSTRAINTS", "CONSTRAINT_CATALOG V!, CONSTRAINT_SCHEMA V!, CONSTRAINT_NAME V!, CHECK_CLAUSE V!");
        define("COLUMNS", "TABLE_CATALOG V!, TABLE_SCHEMA V!, TABLE_NAME V!, COLUMN_NAME V!, ORDINAL_POSITION I!,"
                + " COLUMN_DEFAULT V, IS_NULLABLE V!, DATA_TYPE V!, CHARACTER_MAXIMUM_LENGTH B,"
                + " CHARACTER_OCTET_LENGTH B, NUMERIC_PRECISION I, NUMERIC_PRECISION_RADIX I, NUMERIC_SCALE I,"
                + " DATETIME_PRECISION I, IS_IDENTITY V!, IDENTITY_GENERATION V, DECLARED_DATA_TYPE V!, REMARKS V");
        define("DATABASE_STATS", "NAME V!, VALUE B");
        define("INDEXES", "INDEX_CATALOG V!, INDEX_SCHEMA V!, INDEX_NAME V!, TABLE_CATALOG V!, TABLE_SCHEMA V!,"
                + " TABLE_NAME V!, INDEX_TYPE_NAME V!, IS_UNIQUE Z!, REMARKS V");
        define("INDEX_COLUMNS", "INDEX_CATALOG V!, INDEX_SCHEMA V!, INDEX_NAME V!, TABLE_CATALOG V!, TABLE_SCHEMA V!,"
                + " TABLE_NAME V!, COLUMN_NAME V!, ORDINAL_POSITION I!, ORDERING_SPECIFICATION V!, NULL_ORDERING V,"
                + " IS_UNIQUE Z!");
        define("KEY_COLUMN_USAGE", "CONSTRAINT_CATALOG V!, CONSTRAINT_SCHEMA V!, CONSTRAINT_NAME V!,"
                + " TABLE_CATALOG V!, TABLE_SCHEMA V!, TABLE_NAME V!, COLUMN_NAME V!, ORDINAL_POSITION I!,"
                + " POSITION_IN_UNIQUE_CONSTRAINT I");
        define("REFERENTIAL_CONSTRAINTS", "CONSTRAINT_CATALOG V!, CONSTRAINT_SCHEMA V!, CONSTRAINT_NAME V!,"
                + " UNIQUE_CONSTRAINT_CATALOG V, UNIQUE_CONSTRAINT_SCHEMA V, UNIQUE_CONSTRAINT_NAME V,"
                + " MATCH_OPTION V!, UPDATE_RULE V!, DELETE_RULE V!");
        define("ROUTINES", "ROUTINE_CATALOG V!, ROUTINE_SCHEMA V!, ROUTINE_NAME V!, ROUTINE_TYPE V!, DATA_TYPE V,"
                + " IS_AGGREGATE Z!, IS_DETERMINISTIC V!, MIN_ARGUMENTS I!, MAX_ARGUMENTS I, REMARKS V");
        define("SCHEMATA", "CATALOG_NAME V!, SCHEMA_NAME V!, SCHEMA_OWNER V, IS_DEFAULT Z!");
        define("SEQUENCES", "SEQUENCE_CATALOG V!, SEQUENCE_SCHEMA V!, SEQUENCE_NAME V!, DATA_TYPE V!,"
                + " NUMERIC_PRECISION I!, NUMERIC_PRECISION_RADIX I!, NUMERIC_SCALE I!, INCREMENT B!, BASE_VALUE B!,"
                + " CYCLE_OPTION V!, DECLARED_DATA_TYPE V!");
        define("SESSIONS", "SESSION_ID I!, SESSION_START T!, EXECUTING_STATEMENT V, EXECUTING_STATEMENT_START T,"
                + " LAST_STATEMENT V, IN_TRANSACTION Z!, HOLDS_WRITER Z!, WRITER_SINCE T, SESSION_STATE V!,"
                + " BLOCKER_ID I");
        define("TABLES", "TABLE_CATALOG V!, TABLE_SCHEMA V!, TABLE_NAME V!, TABLE_TYPE V!, REMARKS V");
        define("TABLE_CONSTRAINTS", "CONSTRAINT_CATALOG V!, CONSTRAINT_SCHEMA V!, CONSTRAINT_NAME V!,"
                + " CONSTRAINT_TYPE V!, TABLE_CATALOG V!, TABLE_SCHEMA V!, TABLE_NAME V!, IS_DEFERRABLE V!,"
                + " INITIALLY_DEFERRED V!, INDEX_CATALOG V, INDEX_SCHEMA V, INDEX_NAME V");
        define("REGIONS", "HANDLE R!, START_OFFSET B!, LENGTH B!, CREATED T!");
        define("ALLOCATOR", "KIND V!, FILE_SIZE B!, ARENA_START B!, LIVE_BYTES B!, FREE_BYTES B!, FREE_EXTENTS B!,"
                + " LARGEST_FREE_EXTENT B!, FRAGMENTATION D!");
        define("FILE_MAP", "START_OFFSET B!, LENGTH B!, STATE V!, OWNER V");
        define("VIEWS", "TABLE_CATALOG V!, TABLE_SCHEMA V!, TABLE_NAME V!, VIEW_DEFINITION V, CHECK_OPTION V!,"
                + " IS_UPDATABLE V!");
    }

    /** Column specs: {@code NAME T[!]}, T one of V(ARCHAR) I(NTEGER) B(IGINT) Z (BOOLEAN) T(IMESTAMP WITH TIME ZONE) R(EGION) D(OUBLE), ! NOT NULL. */
    private static void define(String table, String spec) {
        List<Column> cols = new ArrayList<>();
        for (String c : spec.split(",")) {
            String[] p = c.trim().split(" ");
            ColumnType type = switch (p[1].charAt(0)) {
                case 'V' -> ColumnType.VARCHAR;
                case 'I' -> ColumnType.INTEGER;
                case 'B' -> ColumnType.BIGINT;
                case 'Z' -> ColumnType.BOOLEAN;
                case 'T' -> ColumnType.TIMESTAMP_WITH_TIME_ZONE;
                case 'R' -> ColumnType.REGION;
                case 'D' -> ColumnType.DOUBLE;
                default -> throw new IllegalArgumentException(c);
            };
            cols.add(new Column(p[0], type, !p[1].endsWith("!")));
        }
        TABLES.put(table, new Definition(table, List.copyOf(cols)));
    }

    /**
     * Refuses a statement that would change {@code schema} when it is INFORMATION_SCHEMA: SQLState
     * {@code 42501} (insufficient privilege), as the schema is read-only.
     */
    static void refuseChange(String schema) throws SQLException {
        if (NAME.equals(schema)) {
            throw new java.sql.SQLSyntaxErrorException("schema " + NAME + " is read-only: its tables are the"
                    + " database's own description and cannot be created, changed or dropped", "42501");
        }
    }

    /** The system table called {@code name}, or null. */
    static Definition table(String name) {
        return TABLES.get(name);
    }

    /** Lists the columns of a view: its planned result columns (throws when the view no longer plans). */
    @FunctionalInterface
    interface ViewColumns {
        List<ResultColumn> of(String schema, Statement.CreateView view) throws SQLException, IOException;
    }

    private final Catalog catalog;
    private final SystemInfo system;
    private final String defaultSchema;
    private final ExpressionCompiler compiler;
    private final ViewColumns viewColumns;
    private final String catalogName;

    InformationSchema(Catalog catalog, SystemInfo system, String defaultSchema, ExpressionCompiler compiler,
            ViewColumns viewColumns) {
        this.catalog = catalog;
        this.system = system;
        this.defaultSchema = defaultSchema;
        this.compiler = compiler;
        this.viewColumns = viewColumns;
        this.catalogName = system.catalogName();
    }

    /** The rows of {@code table}, now. */
    List<Object[]> rows(Definition table) throws SQLException, IOException {
        List<Object[]> out = new ArrayList<>();
        switch (table.name()) {
            case "SCHEMATA" -> schemata(out);
            case "TABLES" -> tables(out);
            case "COLUMNS" -> columns(out);
            case "TABLE_CONSTRAINTS", "KEY_COLUMN_USAGE", "REFERENTIAL_CONSTRAINTS", "CHECK_CONSTRAINTS" ->
                    constraints(table.name(), out);
            case "INDEXES", "INDEX_COLUMNS" -> indexes(table.name(), out);
            case "SEQUENCES" -> sequences(out);
            case "VIEWS" -> views(out);
            case "ROUTINES" -> routines(out);
            case "SESSIONS" -> sessions(out);
            case "DATABASE_STATS" -> system.statistics().forEach((k, v) -> out.add(row(k, v)));
            case "REGIONS" -> StorageViews.regions(catalog, out);
            case "ALLOCATOR" -> StorageViews.allocator(catalog, system.allocator(), out);
            case "FILE_MAP" -> StorageViews.fileMap(catalog, system.allocator(), out);
            default -> throw new IllegalArgumentException(table.name());
        }
        return out;
    }

    private static Object[] row(Object... values) {
        return values;
    }

    /** Every schema, INFORMATION_SCHEMA with them, in name order. */
    private List<String> schemas() throws IOException {
        List<String> all = new ArrayList<>(catalog.schemas());
        all.add(NAME);
        Collections.sort(all);
        return all;
    }

    private void schemata(List<Object[]> out) throws IOException {
        for (String s : schemas()) {
            out.add(row(catalogName, s, null, s.equals(defaultSchema)));
        }
    }

    private void tables(List<Object[]> out) throws IOException {
        for (String s : schemas()) {
            Map<String, String> byName = new TreeMap<>();
            if (s.equals(NAME)) {
                TABLES.keySet().forEach(t -> byName.put(t, "VIEW")); // as H2 lists its own
            } else {
                catalog.tables(s).forEach(t -> byName.put(t, "BASE TABLE"));
                catalog.views(s).forEach(v -> byName.put(v, "VIEW"));
            }
            for (var e : byName.entrySet()) {
                out.add(row(catalogName, s, e.getKey(), e.getValue(), null));
            }
        }
    }

    private void columns(List<Object[]> out) throws SQLException, IOException {
        for (String s : schemas()) {
            Map<String, List<Object[]>> byTable = new TreeMap<>();
            if (s.equals(NAME)) {
                for (Definition d : TABLES.values()) {
                    List<Object[]> rows = new ArrayList<>();
                    for (int i = 0; i < d.columns().size(); i++) {
                        Column c = d.columns().get(i);
                        rows.add(column(s, d.name(), c.name(), i + 1, null, c.nullable(), c.type(),
                                c.type().sqlName(), null));
                    }
                    byTable.put(d.name(), rows);
                }
            } else {
                for (String t : catalog.tables(s)) {
                    TableDef def = catalog.table(s, t).def();
                    List<Object[]> rows = new ArrayList<>();
                    for (int i = 0; i < def.columns().size(); i++) {
                        ColumnDef c = def.columns().get(i);
                        boolean identity = TableConstraints.isIdentity(def, c);
                        rows.add(column(s, t, c.name(), i + 1, identity ? null : c.defaultSql(), c.nullable(),
                                TableScope.declaredType(c), c.declared(),
                                !identity ? null : c.generatedAlways() ? "ALWAYS" : "BY DEFAULT"));
                    }
                    byTable.put(t, rows);
                }
                for (String v : catalog.views(s)) {
                    List<ResultColumn> cols;
                    try {
                        var create = (Statement.CreateView) Parser.parse(catalog.view(s, v).sql());
                        cols = viewColumns.of(s, create);
                    } catch (SQLException e) {
                        continue; // a view whose tables changed under it: no columns to list
                    }
                    List<Object[]> rows = new ArrayList<>();
                    for (int i = 0; i < cols.size(); i++) {
                        ResultColumn c = cols.get(i);
                        rows.add(column(s, v, c.label(), i + 1, null, c.nullable() != ResultColumn.NO_NULLS,
                                c.type(), c.type().sqlName(), null));
                    }
                    byTable.put(v, rows);
                }
            }
            byTable.values().forEach(out::addAll);
        }
    }

    private Object[] column(String schema, String table, String name, int position, String defaultSql,
            boolean nullable, ColumnType type, String declared, String identityGeneration) {
        ColumnType.Kind k = type.kind();
        Long length = k.isString() || k.isBinary() ? type.precision() : null;
        Integer precision = null;
        Integer radix = null;
        Integer scale = null;
        switch (k) {
            case TINYINT, SMALLINT, INTEGER, BIGINT -> {
                precision = switch (k) {
                    case TINYINT -> 8;
                    case SMALLINT -> 16;
                    case INTEGER -> 32;
                    default -> 64;
                };
                radix = 2;
                scale = 0;
            }
            case DECIMAL -> {
                precision = (int) type.precision();
                radix = 10;
                scale = type.scale();
            }
            case REAL -> {
                precision = 24;
                radix = 2;
            }
            case DOUBLE -> {
                precision = 53;
                radix = 2;
            }
            case FLOAT -> {
                precision = type.precision() <= 24 ? 24 : 53;
                radix = 2;
            }
            default -> {
                // no numeric precision
            }
        }
        Integer datetime = k == ColumnType.Kind.DATE ? Integer.valueOf(0)
                : k.isDateTime() ? Integer.valueOf((int) type.precision()) : null;
        return row(catalogName, schema, table, name, position, defaultSql, nullable ? "YES" : "NO", dataType(type),
                length, length, precision, radix, scale, datetime, identityGeneration != null ? "YES" : "NO",
                identityGeneration, declared, null);
    }

    /** The standard name of a type's family, as H2 2.x's DATA_TYPE has it. */
    static String dataType(ColumnType type) {
        return switch (type.kind()) {
            case NULL -> "NULL";
            case DECIMAL -> "NUMERIC";
            case FLOAT -> type.precision() <= 24 ? "REAL" : "DOUBLE PRECISION";
            case CHAR -> "CHARACTER";
            case VARCHAR -> "CHARACTER VARYING";
            case CLOB -> "CHARACTER LARGE OBJECT";
            case VARBINARY -> "BINARY VARYING";
            case BLOB -> "BINARY LARGE OBJECT";
            default -> type.kind().sqlName();
        };
    }

    private void constraints(String view, List<Object[]> out) throws SQLException, IOException {
        for (String s : catalog.schemas()) {
            for (String t : catalog.tables(s)) {
                TableDef def = catalog.table(s, t).def();
                for (TableConstraints.Constraint c : TableConstraints.of(catalog, def)) {
                    constraint(view, s, t, c, out);
                }
            }
        }
    }

    private void constraint(String view, String s, String t, TableConstraints.Constraint c, List<Object[]> out)
            throws SQLException, IOException {
        switch (view) {
            case "TABLE_CONSTRAINTS" -> {
                boolean indexed = c.kind() == TableConstraints.Kind.PRIMARY_KEY || c.kind() == TableConstraints.Kind.UNIQUE;
                out.add(row(catalogName, s, c.name(), c.kind().sql, catalogName, s, t, "NO", "NO",
                        indexed ? catalogName : null, indexed ? s : null, indexed ? c.name() : null));
            }
            case "CHECK_CONSTRAINTS" -> {
                if (c.kind() == TableConstraints.Kind.CHECK) {
                    out.add(row(catalogName, s, c.name(), c.checkClause()));
                }
            }
            case "KEY_COLUMN_USAGE" -> {
                TableConstraints.Referenced ref = c.target() == null ? null
                        : TableConstraints.referenced(catalog, s, c.target());
                for (int i = 0; i < c.columns().size(); i++) {
                    Integer inUnique = null;
                    if (ref != null) {
                        List<String> targetCols = c.target().columns().isEmpty() ? ref.constraint().columns()
                                : c.target().columns();
                        inUnique = ref.constraint().columns().indexOf(targetCols.get(i)) + 1;
                    }
                    out.add(row(catalogName, s, c.name(), catalogName, s, t, c.columns().get(i), i + 1, inUnique));
                }
            }
            case "REFERENTIAL_CONSTRAINTS" -> {
                if (c.kind() == TableConstraints.Kind.FOREIGN_KEY) {
                    TableConstraints.Referenced ref = TableConstraints.referenced(catalog, s, c.target());
                    out.add(row(catalogName, s, c.name(), ref == null ? null : catalogName,
                            ref == null ? null : ref.schema(), ref == null ? null : ref.constraint().name(), "NONE",
                            rule(c.target().onUpdate()), rule(c.target().onDelete())));
                }
            }
            default -> throw new IllegalArgumentException(view);
        }
    }

    private static String rule(ForeignKeyTarget.ReferentialAction action) {
        return action == null ? "NO ACTION" : action.sql();
    }

    private void indexes(String view, List<Object[]> out) throws IOException, SQLException {
        for (String s : catalog.schemas()) {
            for (String t : catalog.tables(s)) {
                Table table = catalog.table(s, t);
                TableDef def = table.def();
                if (!def.primaryKey().isEmpty()) {
                    List<Boolean> asc = def.primaryKey().stream().map(x -> false).toList();
                    index(view, s, t, def, Constraints.primaryKeyName(def), "PRIMARY KEY", true, def.primaryKey(),
                            asc, true, out);
                }
                List<IndexDef> defs = new ArrayList<>(catalog.indexDefs(s, t));
                defs.sort(java.util.Comparator.comparing(IndexDef::name));
                for (IndexDef i : defs) {
                    index(view, s, t, def, i.name(), i.unique() ? "UNIQUE INDEX" : "INDEX", i.unique(), i.columns(),
                            i.descending(), false, out);
                }
            }
        }
    }

    private void index(String view, String s, String t, TableDef def, String name, String type, boolean unique,
            List<Integer> columns, List<Boolean> descending, boolean primaryKey, List<Object[]> out) {
        if (view.equals("INDEXES")) {
            out.add(row(catalogName, s, name, catalogName, s, t, type, unique, null));
            return;
        }
        for (int i = 0; i < columns.size(); i++) {
            boolean desc = descending.get(i);
            out.add(row(catalogName, s, name, catalogName, s, t, def.columns().get(columns.get(i)).name(), i + 1,
                    desc ? "DESC" : "ASC", primaryKey ? null : desc ? "LAST" : "FIRST", unique)); // a key holds no NULL
        }
    }

    private void sequences(List<Object[]> out) throws IOException {
        for (String s : catalog.schemas()) {
            for (String q : catalog.sequences(s)) {
                SequenceDef d = catalog.sequence(s, q);
                out.add(row(catalogName, s, q, "BIGINT", 64, 2, 0, d.increment(), d.next(), "NO", "BIGINT"));
            }
        }
    }

    private void views(List<Object[]> out) throws SQLException, IOException {
        for (String t : new TreeMap<>(TABLES).keySet()) {
            out.add(row(catalogName, NAME, t, null, "NONE", "NO")); // as H2 lists its own, without a definition
        }
        for (String s : catalog.schemas()) {
            for (String v : catalog.views(s)) {
                ViewDef def = catalog.view(s, v);
                var create = (Statement.CreateView) Parser.parse(def.sql());
                out.add(row(catalogName, s, v, AstPrinter.print(create.query()), "NONE", "NO"));
            }
        }
    }

    private void routines(List<Object[]> out) throws IOException {
        FunctionRegistry registry = compiler.functions();
        Map<String, Object[]> byName = new TreeMap<>();
        for (String name : ExpressionCompiler.standardAggregates()) {
            byName.put(name, row(catalogName, NAME, name, "FUNCTION", null, true, "YES", name.equals("COUNT") ? 0 : 1,
                    1, "built-in aggregate"));
        }
        for (AggregateFunction f : registry.aggregateFunctions()) {
            byName.put(f.name(), row(catalogName, NAME, f.name(), "FUNCTION", resultType(f), true, "YES",
                    f.minArguments(), max(f.maxArguments()), "aggregate from " + registry.provider(f.name())));
        }
        for (ScalarFunction f : registry.scalarFunctions()) {
            byName.put(f.name(), row(catalogName, NAME, f.name(), "FUNCTION", resultType(f), false,
                    f.deterministic() ? "YES" : "NO", f.minArguments(), max(f.maxArguments()),
                    "function from " + registry.provider(f.name())));
        }
        out.addAll(byName.values());
        for (String name : catalog.functions()) { // the user's: listed from the catalog, their classes not loaded
            FunctionDef d = catalog.function(name);
            out.add(row(catalogName, Catalog.DEFAULT_SCHEMA, name, "FUNCTION", d.dataType(), d.aggregate(),
                    d.deterministic() ? "YES" : "NO", d.minArguments(), d.maxArguments(),
                    (d.aggregate() ? "user aggregate for '" : "user function for '") + d.target() + "'"));
        }
    }

    private static Integer max(int arguments) {
        return arguments == Integer.MAX_VALUE ? null : arguments;
    }

    /** The result type for untyped arguments, or null when it depends on them. */
    private static String resultType(ScalarFunction f) {
        try {
            return known(f.resultType(Collections.nCopies(f.minArguments(), ColumnType.NULL)));
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    private static String resultType(AggregateFunction f) {
        try {
            return known(f.resultType(Collections.nCopies(f.minArguments(), ColumnType.NULL)));
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    private static String known(ColumnType t) {
        return t == null || t.kind() == ColumnType.Kind.NULL ? null : dataType(t);
    }

    private void sessions(List<Object[]> out) {
        for (SessionInfo s : system.sessions()) {
            out.add(row(s.id(), s.start(), s.executingStatement(), s.executingSince(), s.lastStatement(),
                    s.inTransaction(), s.holdsWriter(), s.writerSince(), s.state(), s.blockerId()));
        }
    }
}
