package io.bstack.sql.exec;

import io.bstack.btree.Catalog;
import io.bstack.btree.ColumnDef;
import io.bstack.btree.IndexDef;
import io.bstack.btree.SequenceDef;
import io.bstack.btree.Table;
import io.bstack.btree.TableDef;
import io.bstack.btree.ViewDef;
import io.bstack.sql.ast.AstPrinter;
import io.bstack.sql.ast.ColumnConstraint;
import io.bstack.sql.ast.ColumnDefinition;
import io.bstack.sql.ast.Expression;
import io.bstack.sql.ast.IndexColumn;
import io.bstack.sql.ast.QualifiedName;
import io.bstack.sql.ast.Statement;
import io.bstack.sql.ast.TableConstraint;
import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.eval.ExpressionCompiler;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs DDL statements against the catalog of the transaction it is given (so DDL commits and rolls
 * back with it): schemas, tables with their columns and constraints, indexes, sequences, views.
 *
 * <p>Errors carry standard SQLStates: {@code 3F000} unknown schema, {@code 42S01} table or view
 * exists, {@code 42S02} table or view not found, {@code 42S11}/{@code 42S12} index exists / not
 * found, {@code 42S21} duplicate column, {@code 42S22} unknown column, {@code 42P06}/{@code 42P07}
 * schema / sequence exists, {@code 2BP01} dropping a schema that is not empty without CASCADE or a
 * table another references without CASCADE (which drops the referencing constraints), {@code 23503}
 * truncating a table whose rows another table references, {@code 42830} a FOREIGN KEY to columns that
 * are not a key, {@code 0A000} a statement this version does not run yet, {@code 42501} creating,
 * changing or dropping anything in (or the schema) {@code INFORMATION_SCHEMA}, which is read-only.
 * ALTER TABLE is
 * {@link AlterTableExecutor}'s.
 * One statement per call; not thread-safe.
 */
public final class DdlExecutor {

    private final Catalog catalog;
    private final String defaultSchema;
    private ExpressionCompiler compiler;

    public DdlExecutor(Catalog catalog, String defaultSchema) {
        this(catalog, defaultSchema, null);
    }

    /** With the compiler CHECK constraints added by ALTER TABLE are checked with (null: the standard one, made when needed). */
    public DdlExecutor(Catalog catalog, String defaultSchema, ExpressionCompiler compiler) {
        this.catalog = catalog;
        this.defaultSchema = defaultSchema;
        this.compiler = compiler;
    }

    private ExpressionCompiler compiler() {
        if (compiler == null) {
            compiler = ExpressionCompiler.standard();
        }
        return compiler;
    }

    /** Whether {@code s} is a statement this class runs. */
    public static boolean handles(Statement s) {
        return s instanceof Statement.CreateTable || s instanceof Statement.DropTable || s instanceof Statement.CreateIndex
                || s instanceof Statement.DropIndex || s instanceof Statement.CreateSchema
                || s instanceof Statement.DropSchema || s instanceof Statement.CreateSequence
                || s instanceof Statement.DropSequence || s instanceof Statement.CreateView
                || s instanceof Statement.DropView || s instanceof Statement.AlterTable || s instanceof Statement.Truncate
                || s instanceof Statement.Analyze;
    }

    public void execute(Statement s) throws SQLException, IOException {
        switch (s) {
            case Statement.CreateSchema c -> createSchema(c);
            case Statement.DropSchema d -> dropSchema(d);
            case Statement.CreateTable c -> createTable(c);
            case Statement.DropTable d -> dropTable(d);
            case Statement.CreateIndex c -> createIndex(c);
            case Statement.DropIndex d -> dropIndex(d);
            case Statement.CreateSequence c -> createSequence(c);
            case Statement.DropSequence d -> dropSequence(d);
            case Statement.CreateView c -> createView(c);
            case Statement.DropView d -> dropView(d);
            case Statement.AlterTable a -> alterTable(a);
            case Statement.Truncate t -> truncate(t);
            case Statement.Analyze a -> analyze(a);
            default -> throw new IllegalArgumentException("not a DDL statement: " + s.getClass().getSimpleName());
        }
    }

    // ---------------------------------------------------------------- names

    /**
     * Whether a statement meets what it cannot do ({@code found}: the object exists for CREATE, is
     * missing for DROP): with IF [NOT] EXISTS ({@code quietly}) it then does nothing (true), otherwise
     * it fails with {@code message} and {@code state}.
     */
    private static boolean conflict(boolean found, boolean quietly, String message, String state)
            throws SQLSyntaxErrorException {
        if (found && !quietly) {
            throw new SQLSyntaxErrorException(message, state);
        }
        return found;
    }

    private String schemaOf(QualifiedName n) throws SQLException, IOException {
        String schema = n.schema() == null ? defaultSchema : n.schema();
        InformationSchema.refuseChange(schema);
        if (!catalog.schemas().contains(schema)) {
            throw new SQLSyntaxErrorException("schema " + schema + " does not exist", "3F000");
        }
        return schema;
    }

    private static String show(String schema, String name) {
        return schema + "." + name;
    }

    private boolean tableOrViewExists(String schema, String name) throws IOException {
        return catalog.tables(schema).contains(name) || catalog.views(schema).contains(name);
    }

    private Table requireTable(String schema, String name) throws SQLException, IOException {
        Table t = catalog.table(schema, name);
        if (t == null) {
            throw new SQLSyntaxErrorException("table " + show(schema, name) + " does not exist", "42S02");
        }
        return t;
    }

    private static int columnIndex(TableDef def, String column) throws SQLException {
        for (int i = 0; i < def.columns().size(); i++) {
            if (def.columns().get(i).name().equals(column)) {
                return i;
            }
        }
        throw new SQLSyntaxErrorException("column " + column + " not found in table " + def.name(), "42S22");
    }

    // ---------------------------------------------------------------- schemas

    private void createSchema(Statement.CreateSchema c) throws SQLException, IOException {
        InformationSchema.refuseChange(c.name());
        if (conflict(catalog.schemas().contains(c.name()), c.ifNotExists(),
                "schema " + c.name() + " already exists", "42P06")) {
            return;
        }
        catalog.createSchema(c.name());
    }

    private void dropSchema(Statement.DropSchema d) throws SQLException, IOException {
        InformationSchema.refuseChange(d.name());
        if (conflict(!catalog.schemas().contains(d.name()), d.ifExists(),
                "schema " + d.name() + " does not exist", "3F000")) {
            return;
        }
        if (d.name().equals(Catalog.DEFAULT_SCHEMA)) {
            throw new SQLSyntaxErrorException("schema " + d.name() + " cannot be dropped", "42000");
        }
        boolean empty = catalog.tables(d.name()).isEmpty() && catalog.views(d.name()).isEmpty()
                && catalog.sequences(d.name()).isEmpty();
        if (!empty && d.behavior() != Statement.DropBehavior.CASCADE) {
            throw new SQLException("schema " + d.name() + " is not empty; DROP SCHEMA ... CASCADE drops what it holds",
                    "2BP01");
        }
        for (String t : catalog.tables(d.name())) {
            for (ForeignKey f : References.referencing(catalog, d.name(), t)) {
                if (!f.childSchema().equals(d.name())) {
                    throw new SQLException("table " + show(d.name(), t) + " is referenced by constraint " + f.name()
                            + " of table " + show(f.childSchema(), f.childTable()), "2BP01");
                }
            }
        }
        for (String v : catalog.views(d.name())) {
            catalog.dropView(d.name(), v);
        }
        for (String t : catalog.tables(d.name())) {
            catalog.dropTable(d.name(), t);
        }
        for (String q : catalog.sequences(d.name())) {
            catalog.dropSequence(d.name(), q);
        }
        catalog.dropSchema(d.name());
    }

    // ---------------------------------------------------------------- tables

    private void createTable(Statement.CreateTable c) throws SQLException, IOException {
        String schema = schemaOf(c.name());
        String name = c.name().name();
        if (conflict(tableOrViewExists(schema, name), c.ifNotExists(),
                "table " + show(schema, name) + " already exists", "42S01")) {
            return;
        }
        Set<String> names = new HashSet<>();
        List<String> primaryKey = null;
        String primaryKeyName = null;
        List<TableConstraint> declared = new ArrayList<>();
        List<ColumnDef> columns = new ArrayList<>();
        List<SequenceDef> identities = new ArrayList<>();
        for (ColumnDefinition col : c.columns()) {
            if (!names.add(col.name())) {
                throw new SQLSyntaxErrorException("duplicate column " + col.name() + " in table " + name, "42S21");
            }
            ColumnType type = ColumnType.of(col.type());
            boolean nullable = true;
            boolean identity = false;
            boolean always = false;
            String defaultSql = null;
            for (ColumnConstraint k : col.constraints()) {
                switch (k) {
                    case ColumnConstraint.NotNull n -> nullable = false;
                    case ColumnConstraint.Nullable n -> nullable = true;
                    case ColumnConstraint.Default d -> defaultSql = AstPrinter.print(d.value());
                    case ColumnConstraint.PrimaryKey p -> {
                        primaryKey = setPrimaryKey(primaryKey, List.of(col.name()), name);
                        primaryKeyName = p.constraintName();
                        nullable = false;
                    }
                    case ColumnConstraint.Unique u -> declared.add(
                            new TableConstraint.Unique(u.constraintName(), List.of(col.name())));
                    case ColumnConstraint.Check k2 -> declared.add(
                            new TableConstraint.Check(k2.constraintName(), k2.condition()));
                    case ColumnConstraint.References r -> declared.add(
                            new TableConstraint.ForeignKey(r.constraintName(), List.of(col.name()), r.target()));
                    case ColumnConstraint.Identity i -> {
                        identities.add(identity(schema, name, col.name(), i.start(), i.increment()));
                        identity = true;
                        always = i.always();
                        nullable = false;
                    }
                    case ColumnConstraint.AutoIncrement a -> {
                        identities.add(identity(schema, name, col.name(), null, null));
                        identity = true;
                        nullable = false;
                    }
                }
            }
            if (identity) {
                if (defaultSql != null) {
                    throw new SQLSyntaxErrorException("identity column " + col.name() + " cannot have a DEFAULT", "42000");
                }
                defaultSql = identityDefault(schema, name, col.name());
            }
            if (type.sqlType() == null) {
                throw new SQLSyntaxErrorException("column " + col.name() + " has no storable type", "42000");
            }
            columns.add(new ColumnDef(col.name(), type.sqlType(), nullable, defaultSql, type.sqlName(), always));
        }
        List<TableConstraint.Unique> uniques = new ArrayList<>();
        List<TableConstraint.ForeignKey> foreignKeys = new ArrayList<>();
        List<String> constraints = new ArrayList<>();
        for (TableConstraint k : c.constraints()) {
            if (k instanceof TableConstraint.PrimaryKey p) {
                primaryKey = setPrimaryKey(primaryKey, p.columns(), name);
                primaryKeyName = p.name();
            } else {
                declared.add(k);
            }
        }
        Set<String> taken = Constraints.taken(catalog, schema);
        if (primaryKeyName != null) { // a named key keeps its name as text; an unnamed one is PK_<TABLE>
            constraints.add(AstPrinter.print(Constraints.named(new TableConstraint.PrimaryKey(primaryKeyName,
                    primaryKey), name, taken)));
        }
        for (TableConstraint k : declared) {
            switch (Constraints.named(k, name, taken)) {
                case TableConstraint.Unique u -> uniques.add(u);
                case TableConstraint.ForeignKey f -> {
                    foreignKeys.add(f);
                    constraints.add(AstPrinter.print(f));
                }
                case TableConstraint named -> constraints.add(AstPrinter.print(named));
            }
        }
        List<Integer> pk = new ArrayList<>();
        TableDef draft = new TableDef(schema, name, columns, List.of(), constraints, 0);
        if (primaryKey != null) {
            for (String col : primaryKey) {
                int i = columnIndex(draft, col);
                ColumnDef d = columns.get(i);
                columns.set(i, new ColumnDef(d.name(), d.type(), false, d.defaultSql(), d.declared(), d.generatedAlways()));
                pk.add(i);
            }
        }
        for (SequenceDef seq : identities) {
            catalog.createSequence(seq);
        }
        catalog.createTable(new TableDef(schema, name, columns, pk, constraints, 0));
        for (TableConstraint.Unique u : uniques) {
            createUnique(schema, name, u);
        }
        TableDef def = requireTable(schema, name).def();
        for (TableConstraint.ForeignKey f : foreignKeys) {
            indexForeignKey(ForeignKey.resolve(catalog, def, f));
        }
    }

    /** The unique index a UNIQUE constraint is, named as the constraint. */
    void createUnique(String schema, String table, TableConstraint.Unique u) throws SQLException, IOException {
        TableDef def = requireTable(schema, table).def();
        List<Integer> cols = new ArrayList<>();
        for (String col : u.columns()) {
            cols.add(columnIndex(def, col));
        }
        if (catalog.indexes(schema).contains(u.name())) {
            throw new SQLSyntaxErrorException("index " + show(schema, u.name()) + " already exists", "42S11");
        }
        catalog.createIndex(new IndexDef(schema, u.name(), table, cols, cols.stream().map(x -> false).toList(), true, 0));
    }

    /**
     * The index a FOREIGN KEY's child rows are found through (named {@code <constraint>_INDEX}), made
     * as H2 does unless one of the child's indexes starts with the constraint's columns.
     */
    void indexForeignKey(ForeignKey fk) throws SQLException, IOException {
        Set<Integer> cols = new HashSet<>(fk.childColumns());
        for (IndexDef i : catalog.indexDefs(fk.childSchema(), fk.childTable())) {
            if (i.columns().size() >= cols.size() && new HashSet<>(i.columns().subList(0, cols.size())).equals(cols)) {
                return;
            }
        }
        String name = fk.name() + "_INDEX";
        for (int n = 2; catalog.indexes(fk.childSchema()).contains(name); n++) {
            name = fk.name() + "_INDEX_" + n;
        }
        catalog.createIndex(new IndexDef(fk.childSchema(), name, fk.childTable(), fk.childColumns(),
                fk.childColumns().stream().map(x -> false).toList(), false, 0));
    }

    private static List<String> setPrimaryKey(List<String> current, List<String> columns, String table)
            throws SQLException {
        if (current != null) {
            throw new SQLSyntaxErrorException("table " + table + " has more than one primary key", "42000");
        }
        return columns;
    }

    /** The DEFAULT of an identity column: the next value of its own sequence. */
    static String identityDefault(String schema, String table, String column) {
        List<String> key = List.of(schema, table, column);
        String known = IDENTITY_DEFAULTS.get(key);
        if (known != null) {
            return known;
        }
        String text = "NEXT VALUE FOR " + AstPrinter.print(new Expression.ColumnRef(List.of(schema, sequenceName(table, column))));
        if (IDENTITY_DEFAULTS.size() < 4096) {
            IDENTITY_DEFAULTS.put(key, text);
        }
        return text;
    }

    /** Identity DEFAULT texts already printed (asked for on every query that reports result columns). */
    private static final java.util.concurrent.ConcurrentHashMap<List<String>, String> IDENTITY_DEFAULTS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The sequence of column {@code c} of {@code table} when it is an identity column, or null. */
    static String identitySequence(TableDef table, ColumnDef c) {
        return identityDefault(table.schema(), table.name(), c.name()).equals(c.defaultSql())
                ? sequenceName(table.name(), c.name()) : null;
    }

    static String sequenceName(String table, String column) {
        return table + "_" + column + "_SEQ";
    }

    /** The sequence of a new identity column (START WITH 1 and INCREMENT BY 1 unless given). */
    static SequenceDef identity(String schema, String table, String column, Long start, Long increment) {
        long inc = increment == null ? 1 : increment;
        return new SequenceDef(schema, sequenceName(table, column), start == null ? 1 : start, inc);
    }

    private void dropTable(Statement.DropTable d) throws SQLException, IOException {
        String schema = schemaOf(d.name());
        String name = d.name().name();
        if (conflict(catalog.table(schema, name) == null, d.ifExists(),
                "table " + show(schema, name) + " does not exist", "42S02")) {
            return;
        }
        List<ForeignKey> references = new ArrayList<>();
        for (ForeignKey f : References.referencing(catalog, schema, name)) {
            if (!f.selfReferencing()) {
                references.add(f);
            }
        }
        if (!references.isEmpty() && d.behavior() != Statement.DropBehavior.CASCADE) {
            ForeignKey f = references.get(0);
            throw new SQLException("table " + show(schema, name) + " is referenced by constraint " + f.name()
                    + " of table " + f.childTable() + "; DROP TABLE ... CASCADE drops the constraint", "2BP01");
        }
        for (ForeignKey f : references) {
            dropForeignKey(f);
        }
        TableDef def = requireTable(schema, name).def();
        catalog.dropTable(schema, name);
        for (ColumnDef c : def.columns()) {
            String seq = identitySequence(def, c);
            if (seq != null && catalog.sequences(schema).contains(seq)) {
                catalog.dropSequence(schema, seq); // the identity column's own sequence
            }
        }
    }

    /** Removes a FOREIGN KEY constraint from its table, with the index made for it. */
    void dropForeignKey(ForeignKey f) throws SQLException, IOException {
        TableDef child = requireTable(f.childSchema(), f.childTable()).def();
        List<String> kept = new ArrayList<>();
        List<TableConstraint> stored = Constraints.of(child);
        for (int n = 0; n < stored.size(); n++) {
            if (!f.name().equals(stored.get(n).name())) {
                kept.add(child.constraintsSql().get(n));
            }
        }
        catalog.redefineTable(new TableDef(child.schema(), child.name(), child.columns(), child.primaryKey(), kept,
                child.root()));
        for (IndexDef i : catalog.indexDefs(f.childSchema(), f.childTable())) {
            if (i.name().equals(f.name() + "_INDEX") || i.name().startsWith(f.name() + "_INDEX_")) {
                catalog.dropIndex(f.childSchema(), i.name());
            }
        }
    }

    /**
     * {@code TRUNCATE TABLE t}: every row goes, with its overflow values and index entries (the trees
     * are dropped and made again empty); the definition, constraints, indexes and identity sequences
     * stay. A table that rows of another table reference is refused ({@code 23503}).
     */
    private void truncate(Statement.Truncate t) throws SQLException, IOException {
        String schema = schemaOf(t.name());
        Table table = requireTable(schema, t.name().name());
        TableDef def = table.def();
        for (ForeignKey f : References.referencing(catalog, schema, def.name())) {
            if (!f.selfReferencing() && catalog.table(f.childSchema(), f.childTable()).cursor().first()) {
                throw new SQLIntegrityConstraintViolationException("table " + def.name() + " is referenced by"
                        + " constraint " + f.name() + " of table " + f.childTable() + ", which has rows: TRUNCATE"
                        + " would leave them without their parents", "23503");
            }
        }
        List<IndexDef> indexes = catalog.indexDefs(schema, def.name());
        catalog.dropTable(schema, def.name());
        catalog.createTable(new TableDef(schema, def.name(), def.columns(), def.primaryKey(), def.constraintsSql(), 0));
        for (IndexDef i : indexes) {
            catalog.createIndex(new IndexDef(schema, i.name(), i.table(), i.columns(), i.descending(), i.unique(), 0));
        }
    }

    /** {@code ANALYZE}: statistics for the named table, or for every table of every schema but INFORMATION_SCHEMA. */
    private void analyze(Statement.Analyze a) throws SQLException, IOException {
        if (a.table() != null) {
            String schema = schemaOf(a.table());
            TableAnalysis.analyse(catalog, schema, requireTable(schema, a.table().name()), a.sampleSize());
            return;
        }
        for (String schema : catalog.schemas()) {
            for (String name : catalog.tables(schema)) {
                TableAnalysis.analyse(catalog, schema, catalog.table(schema, name), a.sampleSize());
            }
        }
    }

    private void alterTable(Statement.AlterTable a) throws SQLException, IOException {
        String schema = schemaOf(a.name());
        Table t = requireTable(schema, a.name().name());
        new AlterTableExecutor(catalog, this, this::compiler).execute(schema, t, a.action());
    }

    // ---------------------------------------------------------------- indexes

    private void createIndex(Statement.CreateIndex c) throws SQLException, IOException {
        String schema = schemaOf(c.name());
        String tableSchema = c.table().schema() == null ? schema : schemaOf(c.table());
        if (!tableSchema.equals(schema)) {
            throw new SQLSyntaxErrorException("index " + c.name().name() + " must be in its table's schema "
                    + tableSchema, "42000");
        }
        Table t = requireTable(schema, c.table().name());
        if (conflict(catalog.indexes(schema).contains(c.name().name()), c.ifNotExists(),
                "index " + show(schema, c.name().name()) + " already exists", "42S11")) {
            return;
        }
        List<Integer> cols = new ArrayList<>();
        List<Boolean> desc = new ArrayList<>();
        for (IndexColumn ic : c.columns()) {
            cols.add(columnIndex(t.def(), ic.column()));
            desc.add(ic.descending());
        }
        catalog.createIndex(new IndexDef(schema, c.name().name(), t.def().name(), cols, desc, c.unique(), 0));
    }

    private void dropIndex(Statement.DropIndex d) throws SQLException, IOException {
        String schema = schemaOf(d.name());
        if (conflict(!catalog.indexes(schema).contains(d.name().name()), d.ifExists(),
                "index " + show(schema, d.name().name()) + " does not exist", "42S12")) {
            return;
        }
        for (String t : catalog.tables(schema)) {
            for (IndexDef i : catalog.indexDefs(schema, t)) {
                if (i.name().equals(d.name().name()) && i.unique()) { // a UNIQUE constraint a FOREIGN KEY may need
                    new AlterTableExecutor(catalog, this, this::compiler).requireUnreferenced(
                            requireTable(schema, t).def(), i.columns(), i.name(), i.name());
                }
            }
        }
        catalog.dropIndex(schema, d.name().name());
    }

    // ---------------------------------------------------------------- sequences and views

    private void createSequence(Statement.CreateSequence c) throws SQLException, IOException {
        String schema = schemaOf(c.name());
        if (conflict(catalog.sequences(schema).contains(c.name().name()), c.ifNotExists(),
                "sequence " + show(schema, c.name().name()) + " already exists", "42P07")) {
            return;
        }
        long increment = c.increment() == null ? 1 : c.increment();
        if (increment == 0) {
            throw new SQLSyntaxErrorException("sequence " + c.name().name() + ": INCREMENT BY 0", "42000");
        }
        catalog.createSequence(new SequenceDef(schema, c.name().name(), c.start() == null ? 1 : c.start(), increment));
    }

    private void dropSequence(Statement.DropSequence d) throws SQLException, IOException {
        String schema = schemaOf(d.name());
        if (conflict(!catalog.sequences(schema).contains(d.name().name()), d.ifExists(),
                "sequence " + show(schema, d.name().name()) + " does not exist", "42000")) {
            return;
        }
        catalog.dropSequence(schema, d.name().name());
    }

    private void createView(Statement.CreateView c) throws SQLException, IOException {
        String schema = schemaOf(c.name());
        String name = c.name().name();
        boolean isView = catalog.views(schema).contains(name);
        if (isView && c.orReplace()) {
            catalog.dropView(schema, name);
        } else if (tableOrViewExists(schema, name)) {
            if (c.ifNotExists()) {
                return;
            }
            throw new SQLSyntaxErrorException("table or view " + show(schema, name) + " already exists", "42S01");
        }
        catalog.createView(new ViewDef(schema, name, AstPrinter.print(c)));
    }

    private void dropView(Statement.DropView d) throws SQLException, IOException {
        String schema = schemaOf(d.name());
        if (conflict(!catalog.views(schema).contains(d.name().name()), d.ifExists(),
                "view " + show(schema, d.name().name()) + " does not exist", "42S02")) {
            return;
        }
        catalog.dropView(schema, d.name().name());
    }
}
