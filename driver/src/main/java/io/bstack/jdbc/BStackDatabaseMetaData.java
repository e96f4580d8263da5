package io.bstack.jdbc;

import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.eval.ColumnType.Kind;
import io.bstack.sql.exec.ResultColumn;
import io.bstack.sql.parse.Keywords;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the database is and holds, for tools (DBeaver, IntelliJ, Flyway, Liquibase). Every
 * result-set method runs a query on INFORMATION_SCHEMA through the connection (on a
 * {@link BStackMetaStatement}, so that the results' {@code getStatement()} is null) with its
 * arguments as parameters, patterns as {@code LIKE ? ESCAPE '\'}; rows are then shaped into the
 * columns JDBC documents. A null catalog or schema does not filter; {@code ""} selects what has
 * none, which is nothing: every table is in the one catalog (the database's name) and in a
 * schema. Type numbers and names are those {@link java.sql.ResultSetMetaData} reports for the
 * same column kind. Every call on a closed connection fails with SQLState 08003.
 */
final class BStackDatabaseMetaData implements DatabaseMetaData {
    private static final String PRODUCT = "BStack DB";

    private final BStackConnection conn;

    BStackDatabaseMetaData(BStackConnection conn) {
        this.conn = conn;
    }

    // ---- running queries -------------------------------------------------------------------------

    /** Shapes one row of a query on INFORMATION_SCHEMA into rows of the JDBC result. */
    @FunctionalInterface
    private interface RowMapper {
        void map(Object[] in, List<Object[]> out) throws SQLException;
    }

    /** Runs {@code sql} with {@code params} and builds a result of {@code columns} from its rows. */
    private ResultSet query(List<ResultColumn> columns, String sql, Object[] params, RowMapper mapper)
            throws SQLException {
        return run(columns, sql, params, mapper, new ArrayList<>());
    }

    /** A result of rows built here (type info, client info properties), on a query for nothing. */
    private ResultSet fixed(List<ResultColumn> columns, List<Object[]> rows) throws SQLException {
        return run(columns, MetaQueries.NOTHING, new Object[0], (in, out) -> { }, new ArrayList<>(rows));
    }

    private ResultSet run(List<ResultColumn> columns, String sql, Object[] params, RowMapper mapper,
            List<Object[]> rows) throws SQLException {
        BStackMetaStatement st = select(sql, params, mapper, rows);
        return BStackResultSet.of(st, columns, rows);
    }

    /**
     * Runs {@code sql} on a (then closed) meta statement, mapping each row into {@code rows}.
     *
     * @return the statement, for a result built from {@code rows} to name
     */
    private BStackMetaStatement select(String sql, Object[] params, RowMapper mapper, List<Object[]> rows)
            throws SQLException {
        conn.checkOpen();
        BStackMetaStatement st = new BStackMetaStatement(conn, sql);
        try {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                int width = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Object[] in = new Object[width];
                    for (int i = 0; i < width; i++) {
                        in[i] = rs.getObject(i + 1);
                    }
                    mapper.map(in, rows);
                }
            }
            return st;
        } finally {
            st.close();
        }
    }

    /** An empty result of {@code columns}: what the engine has none of. */
    private ResultSet none(List<ResultColumn> columns) throws SQLException {
        return query(columns, MetaQueries.NOTHING, new Object[0], (in, out) -> { });
    }

    private static Object[] row(Object... values) {
        return values;
    }

    private static String str(Object o) {
        return (String) o;
    }

    private static Integer integer(Object o) {
        return o == null ? null : ((Number) o).intValue();
    }

    private static Short shortOf(Object o) {
        return o == null ? null : ((Number) o).shortValue();
    }

    private static Short shortOf(int v) {
        return (short) v;
    }

    // ---- tables and columns ----------------------------------------------------------------------

    @Override
    public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types)
            throws SQLException {
        MetaQueries.Where w = new MetaQueries.Where().eq("TABLE_CATALOG", catalog)
                .like("TABLE_SCHEMA", schemaPattern).like("TABLE_NAME", tableNamePattern)
                .in(MetaQueries.JDBC_TABLE_TYPE, types);
        String sql = MetaQueries.TABLES + " WHERE TRUE" + w.sql() + MetaQueries.TABLES_ORDER;
        return query(MetaQueries.TABLES_COLUMNS, sql, w.params(),
                (in, out) -> out.add(row(in[0], in[1], in[2], in[3], in[4], null, null, null, null, null)));
    }

    @Override
    public ResultSet getSchemas() throws SQLException {
        return getSchemas(null, null);
    }

    @Override
    public ResultSet getSchemas(String catalog, String schemaPattern) throws SQLException {
        MetaQueries.Where w = new MetaQueries.Where().eq("CATALOG_NAME", catalog).like("SCHEMA_NAME", schemaPattern);
        String sql = MetaQueries.SCHEMAS + " WHERE TRUE" + w.sql() + MetaQueries.SCHEMAS_ORDER;
        return query(MetaQueries.SCHEMAS_COLUMNS, sql, w.params(), (in, out) -> out.add(row(in[0], in[1])));
    }

    @Override
    public ResultSet getCatalogs() throws SQLException {
        return query(MetaQueries.CATALOGS_COLUMNS, MetaQueries.CATALOGS, new Object[0],
                (in, out) -> out.add(row(in[0])));
    }

    @Override
    public ResultSet getTableTypes() throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        for (String t : List.of("SYSTEM TABLE", "TABLE", "VIEW")) {
            rows.add(row(t));
        }
        return fixed(MetaQueries.TABLE_TYPES_COLUMNS, rows);
    }

    @Override
    public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern,
            String columnNamePattern) throws SQLException {
        MetaQueries.Where w = new MetaQueries.Where().eq("TABLE_CATALOG", catalog)
                .like("TABLE_SCHEMA", schemaPattern).like("TABLE_NAME", tableNamePattern)
                .like("COLUMN_NAME", columnNamePattern);
        String sql = MetaQueries.COLUMNS + " WHERE TRUE" + w.sql() + MetaQueries.COLUMNS_ORDER;
        return query(MetaQueries.COLUMNS_COLUMNS, sql, w.params(), (in, out) -> {
            Kind kind = MetaQueries.kind(str(in[4]), str(in[5]));
            ColumnType type = type(kind, str(in[5]), in[6], in[8], in[9], in[10]);
            int jdbcType = JdbcValues.jdbcType(kind);
            boolean nullable = "YES".equals(in[11]);
            Integer octets = kind.isString() || kind.isBinary() ? integer(clamp(in[7])) : null;
            String auto = "YES".equals(in[15]) ? "YES" : "NO";
            out.add(row(in[0], in[1], in[2], in[3], jdbcType, kind.sqlName(), columnSize(type),
                    null, decimalDigits(type), radix(kind),
                    nullable ? columnNullable : columnNoNulls, in[12], in[13], jdbcType, null, octets,
                    integer(in[14]), nullable ? "YES" : "NO", null, null, null, null, auto, "NO"));
        });
    }

    private static Object clamp(Object length) {
        return length == null ? null : Math.min(((Number) length).longValue(), Integer.MAX_VALUE);
    }

    /**
     * The column type from INFORMATION_SCHEMA's length, precision, scale and datetime precision (a
     * FLOAT's from its declared type: DATA_TYPE holds the DOUBLE PRECISION it is stored as).
     */
    private static ColumnType type(Kind kind, String declared, Object length, Object precision, Object scale,
            Object datetime) {
        return switch (kind) {
            case CHAR, VARCHAR, CLOB, BINARY, VARBINARY, BLOB ->
                    new ColumnType(kind, ((Number) length).longValue(), 0);
            case DECIMAL -> new ColumnType(kind, ((Number) precision).longValue(),
                    scale == null ? 0 : ((Number) scale).intValue());
            case TIME, TIMESTAMP, TIMESTAMP_WITH_TIME_ZONE -> new ColumnType(kind, ((Number) datetime).longValue(), 0);
            case FLOAT -> new ColumnType(kind, floatPrecision(declared), 0);
            default -> standard(kind);
        };
    }

    private static long floatPrecision(String declared) {
        Matcher m = FLOAT_PRECISION.matcher(declared == null ? "" : declared);
        return m.matches() ? Long.parseLong(m.group(1)) : 53;
    }

    private static final Pattern FLOAT_PRECISION = Pattern.compile("(?i)FLOAT\\s*\\(\\s*(\\d+)\\s*\\)");

    /** The type of a kind without length or precision (and the widest of the others). */
    private static ColumnType standard(Kind kind) {
        return switch (kind) {
            case NULL -> ColumnType.NULL;
            case BOOLEAN -> ColumnType.BOOLEAN;
            case TINYINT -> ColumnType.TINYINT;
            case SMALLINT -> ColumnType.SMALLINT;
            case INTEGER -> ColumnType.INTEGER;
            case BIGINT -> ColumnType.BIGINT;
            case DECIMAL -> ColumnType.DECIMAL;
            case REAL -> ColumnType.REAL;
            case DOUBLE -> ColumnType.DOUBLE;
            case FLOAT -> new ColumnType(Kind.FLOAT, 53, 0);
            case CHAR -> new ColumnType(Kind.CHAR, ColumnType.MAX_STRING_LENGTH, 0);
            case VARCHAR -> ColumnType.VARCHAR;
            case CLOB -> new ColumnType(Kind.CLOB, Integer.MAX_VALUE, 0);
            case BINARY -> new ColumnType(Kind.BINARY, ColumnType.MAX_STRING_LENGTH, 0);
            case VARBINARY -> ColumnType.VARBINARY;
            case BLOB -> new ColumnType(Kind.BLOB, Integer.MAX_VALUE, 0);
            case DATE -> ColumnType.DATE;
            case TIME -> new ColumnType(Kind.TIME, 9, 0);
            case TIMESTAMP -> new ColumnType(Kind.TIMESTAMP, 9, 0);
            case TIMESTAMP_WITH_TIME_ZONE -> new ColumnType(Kind.TIMESTAMP_WITH_TIME_ZONE, 9, 0);
            case UUID -> ColumnType.UUID;
            case REGION -> ColumnType.REGION;
        };
    }

    /**
     * COLUMN_SIZE (and PRECISION): the decimal precision of exact numbers, as ResultSetMetaData's
     * getPrecision; bits of approximate ones (radix 2); the length of strings and binaries; the
     * length in characters of a date or time as text; 1 for BOOLEAN; 16 (bytes) for UUID.
     */
    private static int columnSize(ColumnType type) {
        long size = switch (type.kind()) {
            case DATE, TIME, TIMESTAMP, TIMESTAMP_WITH_TIME_ZONE -> JdbcValues.displaySize(type);
            default -> type.precision();
        };
        return (int) Math.min(size, Integer.MAX_VALUE);
    }

    /** DECIMAL_DIGITS: the scale of exact numbers, fractional second digits of times; else null. */
    private static Integer decimalDigits(ColumnType type) {
        return switch (type.kind()) {
            case TINYINT, SMALLINT, INTEGER, BIGINT, DECIMAL -> type.scale();
            case TIME, TIMESTAMP, TIMESTAMP_WITH_TIME_ZONE -> (int) type.precision();
            case DATE -> 0;
            default -> null;
        };
    }

    private static Integer radix(Kind kind) {
        return switch (kind) {
            case TINYINT, SMALLINT, INTEGER, BIGINT, DECIMAL -> 10;
            case REAL, DOUBLE, FLOAT -> 2;
            default -> null;
        };
    }

    // ---- keys and indexes -----------------------------------------------------------------------

    @Override
    public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
        MetaQueries.Where w = new MetaQueries.Where().eq("k.TABLE_CATALOG", catalog).eq("k.TABLE_SCHEMA", schema)
                .eq("k.TABLE_NAME", table);
        String sql = MetaQueries.PRIMARY_KEYS + w.sql() + MetaQueries.PRIMARY_KEYS_ORDER;
        return query(MetaQueries.PRIMARY_KEYS_COLUMNS, sql, w.params(),
                (in, out) -> out.add(row(in[0], in[1], in[2], in[3], shortOf(in[4]), in[5])));
    }

    @Override
    public ResultSet getIndexInfo(String catalog, String schema, String table, boolean unique, boolean approximate)
            throws SQLException {
        MetaQueries.Where w = new MetaQueries.Where().eq("i.TABLE_CATALOG", catalog).eq("i.TABLE_SCHEMA", schema)
                .eq("i.TABLE_NAME", table);
        if (unique) {
            w.and("i.IS_UNIQUE");
        }
        String sql = MetaQueries.INDEX_INFO + w.sql() + MetaQueries.INDEX_INFO_ORDER;
        // no statistics are kept: CARDINALITY and PAGES are unknown (null), whatever 'approximate' says
        return query(MetaQueries.INDEX_INFO_COLUMNS, sql, w.params(), (in, out) -> out.add(row(in[0], in[1], in[2],
                !Boolean.TRUE.equals(in[3]), in[4], in[5], shortOf(tableIndexOther), shortOf(in[6]), in[7],
                "DESC".equals(in[8]) ? "D" : "A", null, null, null)));
    }

    @Override
    public ResultSet getImportedKeys(String catalog, String schema, String table) throws SQLException {
        MetaQueries.Where w = new MetaQueries.Where().eq("f.TABLE_CATALOG", catalog).eq("f.TABLE_SCHEMA", schema)
                .eq("f.TABLE_NAME", table);
        return keys(MetaQueries.FOREIGN_KEYS + w.sql() + MetaQueries.IMPORTED_ORDER, w.params());
    }

    @Override
    public ResultSet getExportedKeys(String catalog, String schema, String table) throws SQLException {
        MetaQueries.Where w = new MetaQueries.Where().eq("p.TABLE_CATALOG", catalog).eq("p.TABLE_SCHEMA", schema)
                .eq("p.TABLE_NAME", table);
        return keys(MetaQueries.FOREIGN_KEYS + w.sql() + MetaQueries.EXPORTED_ORDER, w.params());
    }

    @Override
    public ResultSet getCrossReference(String parentCatalog, String parentSchema, String parentTable,
            String foreignCatalog, String foreignSchema, String foreignTable) throws SQLException {
        MetaQueries.Where w = new MetaQueries.Where().eq("p.TABLE_CATALOG", parentCatalog)
                .eq("p.TABLE_SCHEMA", parentSchema).eq("p.TABLE_NAME", parentTable)
                .eq("f.TABLE_CATALOG", foreignCatalog).eq("f.TABLE_SCHEMA", foreignSchema)
                .eq("f.TABLE_NAME", foreignTable);
        return keys(MetaQueries.FOREIGN_KEYS + w.sql() + MetaQueries.EXPORTED_ORDER, w.params());
    }

    private ResultSet keys(String sql, Object[] params) throws SQLException {
        return query(MetaQueries.KEYS_COLUMNS, sql, params, (in, out) -> out.add(row(in[0], in[1], in[2], in[3],
                in[4], in[5], in[6], in[7], shortOf(in[8]), rule(str(in[9])), rule(str(in[10])), in[11], in[12],
                shortOf(importedKeyNotDeferrable))));
    }

    /** The importedKey* number of a referential action as INFORMATION_SCHEMA writes it. */
    private static Short rule(String action) throws SQLException {
        int n = switch (action) {
            case "CASCADE" -> importedKeyCascade;
            case "RESTRICT" -> importedKeyRestrict;
            case "SET NULL" -> importedKeySetNull;
            case "NO ACTION" -> importedKeyNoAction;
            case "SET DEFAULT" -> importedKeySetDefault;
            default -> throw SqlExceptions.of("INFORMATION_SCHEMA names an unknown referential action " + action,
                    SqlExceptions.GENERAL, null);
        };
        return shortOf(n);
    }

    @Override
    public ResultSet getBestRowIdentifier(String catalog, String schema, String table, int scope, boolean nullable)
            throws SQLException {
        MetaQueries.Where w = new MetaQueries.Where().eq("k.TABLE_CATALOG", catalog).eq("k.TABLE_SCHEMA", schema)
                .eq("k.TABLE_NAME", table);
        String sql = MetaQueries.KEY_COLUMNS + w.sql() + MetaQueries.KEY_COLUMNS_ORDER;
        // the primary key identifies a row for as long as the session lasts (whatever scope is asked);
        // its columns hold no NULL, so 'nullable' changes nothing
        return query(MetaQueries.ROW_IDENTIFIER_COLUMNS, sql, w.params(), (in, out) -> {
            Kind kind = MetaQueries.kind(str(in[1]), str(in[2]));
            ColumnType type = type(kind, str(in[2]), in[3], in[4], in[5], in[6]);
            Integer digits = decimalDigits(type);
            out.add(row(shortOf(bestRowSession), in[0], JdbcValues.jdbcType(kind), kind.sqlName(), columnSize(type),
                    null, digits == null ? null : shortOf(digits), shortOf(bestRowNotPseudo)));
        });
    }

    @Override
    public ResultSet getVersionColumns(String catalog, String schema, String table) throws SQLException {
        return none(MetaQueries.ROW_IDENTIFIER_COLUMNS); // no column changes by itself when a row is updated
    }

    @Override
    public ResultSet getPseudoColumns(String catalog, String schemaPattern, String tableNamePattern,
            String columnNamePattern) throws SQLException {
        return none(MetaQueries.PSEUDO_COLUMNS_COLUMNS);
    }

    // ---- types ----------------------------------------------------------------------------------

    @Override
    public ResultSet getTypeInfo() throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        for (Kind k : Kind.values()) {
            if (k != Kind.NULL) {
                rows.add(typeInfo(k));
            }
        }
        // by DATA_TYPE; for the same number the closer (the kind declared in Kind order first, e.g. BINARY before UUID)
        rows.sort(Comparator.comparingInt(r -> (Integer) r[1]));
        return fixed(MetaQueries.TYPE_INFO_COLUMNS, rows);
    }

    private static Object[] typeInfo(Kind k) {
        ColumnType widest = standard(k);
        int precision = switch (k) {
            case DECIMAL -> ColumnType.MAX_DECIMAL_PRECISION;
            default -> columnSize(widest);
        };
        String prefix = null;
        String suffix = null;
        String params = null;
        if (k.isString() || k == Kind.UUID || k == Kind.TIMESTAMP_WITH_TIME_ZONE) {
            prefix = "'"; // a string is cast on assignment; there is no TIMESTAMP WITH TIME ZONE '...' literal
            suffix = "'";
        } else if (k.isBinary()) {
            prefix = "X'";
            suffix = "'";
        } else if (k.isDateTime()) {
            prefix = k.sqlName() + " '";
            suffix = "'";
        }
        switch (k) {
            case DECIMAL -> params = "PRECISION,SCALE";
            case FLOAT, TIME, TIMESTAMP, TIMESTAMP_WITH_TIME_ZONE -> params = "PRECISION";
            case CHAR, VARCHAR, CLOB, BINARY, VARBINARY, BLOB -> params = "LENGTH";
            default -> {
                // no parameters
            }
        }
        short maxScale = switch (k) {
            case DECIMAL -> (short) Math.min(ColumnType.MAX_DECIMAL_PRECISION, Short.MAX_VALUE);
            case TIME, TIMESTAMP, TIMESTAMP_WITH_TIME_ZONE -> 9;
            default -> 0;
        };
        return row(k.sqlName(), JdbcValues.jdbcType(k), precision, prefix, suffix, params, shortOf(typeNullable),
                k.isString(), shortOf(k.isString() ? typeSearchable : typePredBasic), false, k == Kind.DECIMAL,
                k.isInteger(),
                localName(k), shortOf(0), maxScale, null, null, radix(k));
    }

    /** The standard name INFORMATION_SCHEMA uses for a kind. */
    private static String localName(Kind k) {
        return switch (k) {
            case DECIMAL -> "NUMERIC";
            case CHAR -> "CHARACTER";
            case VARCHAR -> "CHARACTER VARYING";
            case CLOB -> "CHARACTER LARGE OBJECT";
            case VARBINARY -> "BINARY VARYING";
            case BLOB -> "BINARY LARGE OBJECT";
            default -> k.sqlName();
        };
    }

    @Override
    public ResultSet getUDTs(String catalog, String schemaPattern, String typeNamePattern, int[] types)
            throws SQLException {
        return none(MetaQueries.UDTS_COLUMNS);
    }

    @Override
    public ResultSet getSuperTypes(String catalog, String schemaPattern, String typeNamePattern) throws SQLException {
        return none(MetaQueries.SUPER_TYPES_COLUMNS);
    }

    @Override
    public ResultSet getSuperTables(String catalog, String schemaPattern, String tableNamePattern)
            throws SQLException {
        return none(MetaQueries.SUPER_TABLES_COLUMNS);
    }

    @Override
    public ResultSet getAttributes(String catalog, String schemaPattern, String typeNamePattern,
            String attributeNamePattern) throws SQLException {
        return none(MetaQueries.ATTRIBUTES_COLUMNS);
    }

    // ---- routines -------------------------------------------------------------------------------

    @Override
    public ResultSet getProcedures(String catalog, String schemaPattern, String procedureNamePattern)
            throws SQLException {
        MetaQueries.Where w = new MetaQueries.Where().eq("ROUTINE_CATALOG", catalog)
                .like("ROUTINE_SCHEMA", schemaPattern).like("ROUTINE_NAME", procedureNamePattern);
        return query(MetaQueries.PROCEDURES_COLUMNS, MetaQueries.PROCEDURES + w.sql(), w.params(),
                (in, out) -> { }); // there are no stored procedures
    }

    @Override
    public ResultSet getProcedureColumns(String catalog, String schemaPattern, String procedureNamePattern,
            String columnNamePattern) throws SQLException {
        MetaQueries.Where w = new MetaQueries.Where().eq("ROUTINE_CATALOG", catalog)
                .like("ROUTINE_SCHEMA", schemaPattern).like("ROUTINE_NAME", procedureNamePattern);
        return query(MetaQueries.PROCEDURE_COLUMNS_COLUMNS, MetaQueries.PROCEDURES + w.sql(), w.params(),
                (in, out) -> { });
    }

    @Override
    public ResultSet getFunctions(String catalog, String schemaPattern, String functionNamePattern)
            throws SQLException {
        MetaQueries.Where w = new MetaQueries.Where().eq("ROUTINE_CATALOG", catalog)
                .like("ROUTINE_SCHEMA", schemaPattern).like("ROUTINE_NAME", functionNamePattern);
        String sql = MetaQueries.FUNCTIONS + w.sql() + MetaQueries.FUNCTIONS_ORDER;
        return query(MetaQueries.FUNCTIONS_COLUMNS, sql, w.params(),
                (in, out) -> out.add(row(in[0], in[1], in[2], in[3], shortOf(functionNoTable), in[2])));
    }

    /**
     * The result (COLUMN_TYPE functionReturn, ORDINAL_POSITION 0, named RETURN) and the arguments
     * (functionColumnIn, P1, P2, ...: as many as MAX_ARGUMENTS, or MIN_ARGUMENTS when any number
     * may follow). Argument types are not declared (built-in functions take several): DATA_TYPE
     * OTHER, TYPE_NAME null; so is the result's when it depends on the arguments.
     */
    @Override
    public ResultSet getFunctionColumns(String catalog, String schemaPattern, String functionNamePattern,
            String columnNamePattern) throws SQLException {
        MetaQueries.Where w = new MetaQueries.Where().eq("ROUTINE_CATALOG", catalog)
                .like("ROUTINE_SCHEMA", schemaPattern).like("ROUTINE_NAME", functionNamePattern);
        String sql = MetaQueries.FUNCTIONS + w.sql() + MetaQueries.FUNCTIONS_ORDER;
        return query(MetaQueries.FUNCTION_COLUMNS_COLUMNS, sql, w.params(), (in, out) -> {
            Kind result = MetaQueries.kind(str(in[4]), null);
            if (MetaQueries.matches(columnNamePattern, "RETURN")) {
                out.add(functionColumn(in, "RETURN", functionReturn, result, 0, null));
            }
            int min = integer(in[5]);
            Integer max = integer(in[6]);
            int listed = max == null ? min : max;
            for (int i = 1; i <= listed; i++) {
                String remarks = i > min ? "optional" : max == null && i == listed ? "further arguments may follow"
                        : null;
                if (MetaQueries.matches(columnNamePattern, "P" + i)) {
                    out.add(functionColumn(in, "P" + i, functionColumnIn, null, i, remarks));
                }
            }
            if (max == null && min == 0 && MetaQueries.matches(columnNamePattern, "P1")) {
                out.add(functionColumn(in, "P1", functionColumnIn, null, 1, "optional; further arguments may follow"));
            }
        });
    }

    private static Object[] functionColumn(Object[] routine, String name, int columnType, Kind kind, int position,
            String remarks) {
        ColumnType type = kind == null ? null : standard(kind);
        return row(routine[0], routine[1], routine[2], name, shortOf(columnType),
                kind == null ? Types.OTHER : JdbcValues.jdbcType(kind), kind == null ? null : kind.sqlName(),
                type == null ? null : columnSize(type), null, type == null || decimalDigits(type) == null ? null
                        : shortOf(decimalDigits(type)), kind == null || radix(kind) == null ? null
                        : shortOf(radix(kind)), shortOf(functionNullableUnknown), remarks, null, position, "",
                routine[2]);
    }

    // ---- privileges and client info --------------------------------------------------------------

    /** No access control: as H2 for a user with every right, no grants are listed. */
    @Override
    public ResultSet getColumnPrivileges(String catalog, String schema, String table, String columnNamePattern)
            throws SQLException {
        return none(MetaQueries.COLUMN_PRIVILEGES_COLUMNS);
    }

    /** No access control: as H2 for a user with every right, no grants are listed. */
    @Override
    public ResultSet getTablePrivileges(String catalog, String schemaPattern, String tableNamePattern)
            throws SQLException {
        return none(MetaQueries.TABLE_PRIVILEGES_COLUMNS);
    }

    @Override
    public ResultSet getClientInfoProperties() throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        rows.add(row("ApplicationName", Integer.MAX_VALUE, null, "the name of the application using the connection"));
        rows.add(row("ClientHostname", Integer.MAX_VALUE, null,
                "the host name of the computer the application runs on"));
        rows.add(row("ClientUser", Integer.MAX_VALUE, null, "the user the application works for"));
        return fixed(MetaQueries.CLIENT_INFO_COLUMNS, rows);
    }

    // ---- function lists -------------------------------------------------------------------------

    /** Open Group (JDBC escape) names of numeric functions. */
    private static final Set<String> NUMERIC = Set.of("ABS", "ACOS", "ASIN", "ATAN", "ATAN2", "CEILING", "COS",
            "COT", "DEGREES", "EXP", "FLOOR", "LOG", "LOG10", "MOD", "PI", "POWER", "RADIANS", "RAND", "ROUND",
            "SIGN", "SIN", "SQRT", "TAN", "TRUNCATE");
    private static final Set<String> STRING = Set.of("ASCII", "CHAR", "CHAR_LENGTH", "CHARACTER_LENGTH", "CONCAT",
            "DIFFERENCE", "INSERT", "LCASE", "LEFT", "LENGTH", "LOCATE", "LTRIM", "OCTET_LENGTH", "POSITION",
            "REPEAT", "REPLACE", "RIGHT", "RTRIM", "SOUNDEX", "SPACE", "SUBSTRING", "UCASE");
    private static final Set<String> TIME_DATE = Set.of("CURDATE", "CURRENT_DATE", "CURRENT_TIME",
            "CURRENT_TIMESTAMP", "CURTIME", "DAYNAME", "DAYOFMONTH", "DAYOFWEEK", "DAYOFYEAR", "EXTRACT", "HOUR",
            "MINUTE", "MONTH", "MONTHNAME", "NOW", "QUARTER", "SECOND", "TIMESTAMPADD", "TIMESTAMPDIFF", "WEEK",
            "YEAR");
    private static final Set<String> SYSTEM = Set.of("DATABASE", "IFNULL", "USER");

    /** The engine's functions (ROUTINES) that have an Open Group name of {@code group}, comma separated. */
    private String functions(Set<String> group) throws SQLException {
        Set<String> present = new TreeSet<>();
        select(MetaQueries.ROUTINE_NAMES, new Object[0], (in, out) -> present.add(str(in[0])),
                new ArrayList<>());
        // what the driver's escape translation adds ({fn UCASE(x)} is UPPER(x), ...) and keywords
        if (present.contains("UPPER")) {
            present.add("UCASE");
        }
        if (present.contains("LOWER")) {
            present.add("LCASE");
        }
        if (present.contains("REPEAT")) {
            present.add("SPACE");
        }
        present.addAll(List.of("CURDATE", "CURTIME", "NOW", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP"));
        StringJoiner j = new StringJoiner(",");
        for (String name : present) {
            if (group.contains(name)) {
                j.add(name);
            }
        }
        return j.toString();
    }

    @Override
    public String getNumericFunctions() throws SQLException {
        return functions(NUMERIC);
    }

    @Override
    public String getStringFunctions() throws SQLException {
        return functions(STRING);
    }

    @Override
    public String getSystemFunctions() throws SQLException {
        return functions(SYSTEM);
    }

    @Override
    public String getTimeDateFunctions() throws SQLException {
        return functions(TIME_DATE);
    }

    // ---- the product ----------------------------------------------------------------------------

    @Override
    public Connection getConnection() throws SQLException {
        conn.checkOpen();
        return conn;
    }

    @Override
    public String getURL() throws SQLException {
        conn.checkOpen();
        return conn.url();
    }

    @Override
    public String getUserName() throws SQLException {
        conn.checkOpen();
        return ""; // an embedded database has no accounts: the user option is accepted and ignored
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return conn.isReadOnly();
    }

    @Override
    public String getDatabaseProductName() throws SQLException {
        conn.checkOpen();
        return PRODUCT;
    }

    @Override
    public String getDatabaseProductVersion() throws SQLException {
        conn.checkOpen();
        return DriverVersion.VERSION;
    }

    @Override
    public String getDriverName() throws SQLException {
        conn.checkOpen();
        return PRODUCT + " JDBC Driver";
    }

    @Override
    public String getDriverVersion() throws SQLException {
        conn.checkOpen();
        return DriverVersion.VERSION;
    }

    @Override
    public int getDriverMajorVersion() {
        return BStackDriver.MAJOR;
    }

    @Override
    public int getDriverMinorVersion() {
        return BStackDriver.MINOR;
    }

    @Override
    public int getDatabaseMajorVersion() throws SQLException {
        conn.checkOpen();
        return BStackDriver.MAJOR;
    }

    @Override
    public int getDatabaseMinorVersion() throws SQLException {
        conn.checkOpen();
        return BStackDriver.MINOR;
    }

    @Override
    public int getJDBCMajorVersion() throws SQLException {
        conn.checkOpen();
        return 4;
    }

    @Override
    public int getJDBCMinorVersion() throws SQLException {
        conn.checkOpen();
        return 3;
    }

    // ---- identifiers and SQL --------------------------------------------------------------------

    /** Whether the connection is open; every constant answer checks it first. */
    private boolean is(boolean answer) throws SQLException {
        conn.checkOpen();
        return answer;
    }

    private int number(int answer) throws SQLException {
        conn.checkOpen();
        return answer;
    }

    private String text(String answer) throws SQLException {
        conn.checkOpen();
        return answer;
    }

    @Override
    public boolean usesLocalFiles() throws SQLException {
        return is(!conn.url().startsWith("jdbc:bstack:mem:"));
    }

    @Override
    public boolean usesLocalFilePerTable() throws SQLException {
        return is(false); // one file holds the whole database
    }

    @Override
    public boolean supportsMixedCaseIdentifiers() throws SQLException {
        return is(false);
    }

    @Override
    public boolean storesUpperCaseIdentifiers() throws SQLException {
        return is(true);
    }

    @Override
    public boolean storesLowerCaseIdentifiers() throws SQLException {
        return is(false);
    }

    @Override
    public boolean storesMixedCaseIdentifiers() throws SQLException {
        return is(false);
    }

    @Override
    public boolean supportsMixedCaseQuotedIdentifiers() throws SQLException {
        return is(true);
    }

    @Override
    public boolean storesUpperCaseQuotedIdentifiers() throws SQLException {
        return is(false);
    }

    @Override
    public boolean storesLowerCaseQuotedIdentifiers() throws SQLException {
        return is(false);
    }

    @Override
    public boolean storesMixedCaseQuotedIdentifiers() throws SQLException {
        return is(false); // quoted names are kept as written and compared case-sensitively
    }

    @Override
    public String getIdentifierQuoteString() throws SQLException {
        return text("\"");
    }

    /**
     * Words some engines reserve that SQL:2003 does not (H2's list); the engine's reserved words
     * are SQL:2003 keywords but for those among these.
     */
    private static final Set<String> NOT_SQL_2003 = Set.of("CURRENT_CATALOG", "CURRENT_SCHEMA", "GROUPS", "IF",
            "ILIKE", "INTERSECTS", "KEY", "LIMIT", "MINUS", "OFFSET", "QUALIFY", "REGEXP", "ROWNUM", "SYSDATE",
            "SYSTIME", "SYSTIMESTAMP", "TODAY", "TOP", "_ROWID_");

    /** The engine's reserved words that are not SQL:2003 keywords. */
    @Override
    public String getSQLKeywords() throws SQLException {
        conn.checkOpen();
        Set<String> ours = new TreeSet<>();
        for (String w : Keywords.reserved()) {
            if (NOT_SQL_2003.contains(w)) {
                ours.add(w);
            }
        }
        return String.join(",", ours);
    }

    @Override
    public String getSearchStringEscape() throws SQLException {
        return text("\\");
    }

    @Override
    public String getExtraNameCharacters() throws SQLException {
        return text("");
    }

    @Override
    public String getSchemaTerm() throws SQLException {
        return text("schema");
    }

    @Override
    public String getProcedureTerm() throws SQLException {
        return text("procedure");
    }

    @Override
    public String getCatalogTerm() throws SQLException {
        return text("catalog");
    }

    @Override
    public boolean isCatalogAtStart() throws SQLException {
        return is(true);
    }

    @Override
    public String getCatalogSeparator() throws SQLException {
        return text(".");
    }

    // ---- NULLs and sorting ----------------------------------------------------------------------

    @Override
    public boolean nullsAreSortedHigh() throws SQLException {
        return is(false);
    }

    @Override
    public boolean nullsAreSortedLow() throws SQLException {
        return is(true); // first ascending, last descending
    }

    @Override
    public boolean nullsAreSortedAtStart() throws SQLException {
        return is(false);
    }

    @Override
    public boolean nullsAreSortedAtEnd() throws SQLException {
        return is(false);
    }

    @Override
    public boolean nullPlusNonNullIsNull() throws SQLException {
        return is(true);
    }

    // ---- SQL support ----------------------------------------------------------------------------

    @Override
    public boolean allProceduresAreCallable() throws SQLException {
        return is(true); // there are none
    }

    @Override
    public boolean allTablesAreSelectable() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsAlterTableWithAddColumn() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsAlterTableWithDropColumn() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsColumnAliasing() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsConvert() throws SQLException {
        return is(true); // {fn CONVERT(value, SQL_type)} becomes CAST
    }

    @Override
    public boolean supportsConvert(int fromType, int toType) throws SQLException {
        conn.checkOpen();
        return convertible(fromType) && convertible(toType);
    }

    private static boolean convertible(int type) {
        return switch (type) {
            case Types.BOOLEAN, Types.BIT, Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.DECIMAL,
                 Types.NUMERIC, Types.REAL, Types.FLOAT, Types.DOUBLE, Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR,
                 Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR, Types.BINARY, Types.VARBINARY,
                 Types.LONGVARBINARY, Types.DATE, Types.TIME, Types.TIMESTAMP -> true;
            default -> false;
        };
    }

    @Override
    public boolean supportsTableCorrelationNames() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsDifferentTableCorrelationNames() throws SQLException {
        return is(false);
    }

    @Override
    public boolean supportsExpressionsInOrderBy() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsOrderByUnrelated() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsGroupBy() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsGroupByUnrelated() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsGroupByBeyondSelect() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsLikeEscapeClause() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsMultipleResultSets() throws SQLException {
        return is(true); // execute of a script: one result per query, through getMoreResults
    }

    @Override
    public boolean supportsMultipleTransactions() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsNonNullableColumns() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsMinimumSQLGrammar() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsCoreSQLGrammar() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsExtendedSQLGrammar() throws SQLException {
        return is(false);
    }

    @Override
    public boolean supportsANSI92EntryLevelSQL() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsANSI92IntermediateSQL() throws SQLException {
        return is(false);
    }

    @Override
    public boolean supportsANSI92FullSQL() throws SQLException {
        return is(false);
    }

    @Override
    public boolean supportsIntegrityEnhancementFacility() throws SQLException {
        return is(true); // PRIMARY KEY, UNIQUE, CHECK and FOREIGN KEY constraints are enforced
    }

    @Override
    public boolean supportsOuterJoins() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsFullOuterJoins() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsLimitedOuterJoins() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsSchemasInDataManipulation() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsSchemasInProcedureCalls() throws SQLException {
        return is(false);
    }

    @Override
    public boolean supportsSchemasInTableDefinitions() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsSchemasInIndexDefinitions() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsSchemasInPrivilegeDefinitions() throws SQLException {
        return is(false);
    }

    @Override
    public boolean supportsCatalogsInDataManipulation() throws SQLException {
        return is(false);
    }

    @Override
    public boolean supportsCatalogsInProcedureCalls() throws SQLException {
        return is(false);
    }

    @Override
    public boolean supportsCatalogsInTableDefinitions() throws SQLException {
        return is(false);
    }

    @Override
    public boolean supportsCatalogsInIndexDefinitions() throws SQLException {
        return is(false);
    }

    @Override
    public boolean supportsCatalogsInPrivilegeDefinitions() throws SQLException {
        return is(false);
    }

    @Override
    public boolean supportsPositionedDelete() throws SQLException {
        return is(false);
    }

    @Override
    public boolean supportsPositionedUpdate() throws SQLException {
        return is(false);
    }

    @Override
    public boolean supportsSelectForUpdate() throws SQLException {
        return is(false); // the parser refuses FOR UPDATE
    }

    @Override
    public boolean supportsStoredProcedures() throws SQLException {
        return is(false);
    }

    @Override
    public boolean supportsSubqueriesInComparisons() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsSubqueriesInExists() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsSubqueriesInIns() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsSubqueriesInQuantifieds() throws SQLException {
        return is(false);
    }

    @Override
    public boolean supportsCorrelatedSubqueries() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsUnion() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsUnionAll() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsOpenCursorsAcrossCommit() throws SQLException {
        return is(true); // results are held over commit (read into memory)
    }

    @Override
    public boolean supportsOpenCursorsAcrossRollback() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsOpenStatementsAcrossCommit() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsOpenStatementsAcrossRollback() throws SQLException {
        return is(true);
    }

    // ---- limits (0: none known) -----------------------------------------------------------------

    @Override
    public int getMaxBinaryLiteralLength() throws SQLException {
        return number(0);
    }

    @Override
    public int getMaxCharLiteralLength() throws SQLException {
        return number(0);
    }

    @Override
    public int getMaxColumnNameLength() throws SQLException {
        return number(0);
    }

    @Override
    public int getMaxColumnsInGroupBy() throws SQLException {
        return number(0);
    }

    @Override
    public int getMaxColumnsInIndex() throws SQLException {
        return number(0);
    }

    @Override
    public int getMaxColumnsInOrderBy() throws SQLException {
        return number(0);
    }

    @Override
    public int getMaxColumnsInSelect() throws SQLException {
        return number(0);
    }

    @Override
    public int getMaxColumnsInTable() throws SQLException {
        return number(0);
    }

    @Override
    public int getMaxConnections() throws SQLException {
        return number(0);
    }

    @Override
    public int getMaxCursorNameLength() throws SQLException {
        return number(0);
    }

    @Override
    public int getMaxIndexLength() throws SQLException {
        return number(0);
    }

    @Override
    public int getMaxSchemaNameLength() throws SQLException {
        return number(0);
    }

    @Override
    public int getMaxProcedureNameLength() throws SQLException {
        return number(0);
    }

    @Override
    public int getMaxCatalogNameLength() throws SQLException {
        return number(0);
    }

    @Override
    public int getMaxRowSize() throws SQLException {
        return number(0);
    }

    @Override
    public boolean doesMaxRowSizeIncludeBlobs() throws SQLException {
        return is(true);
    }

    @Override
    public int getMaxStatementLength() throws SQLException {
        return number(0);
    }

    @Override
    public int getMaxStatements() throws SQLException {
        return number(0);
    }

    @Override
    public int getMaxTableNameLength() throws SQLException {
        return number(0);
    }

    @Override
    public int getMaxTablesInSelect() throws SQLException {
        return number(0);
    }

    @Override
    public int getMaxUserNameLength() throws SQLException {
        return number(0);
    }

    // ---- transactions ---------------------------------------------------------------------------

    @Override
    public int getDefaultTransactionIsolation() throws SQLException {
        return number(Connection.TRANSACTION_SERIALIZABLE);
    }

    @Override
    public boolean supportsTransactions() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsTransactionIsolationLevel(int level) throws SQLException {
        conn.checkOpen();
        return switch (level) {
            case Connection.TRANSACTION_READ_UNCOMMITTED, Connection.TRANSACTION_READ_COMMITTED,
                 Connection.TRANSACTION_REPEATABLE_READ, Connection.TRANSACTION_SERIALIZABLE -> true;
            default -> false; // every level is served as serializable; NONE is not a level
        };
    }

    @Override
    public boolean supportsDataDefinitionAndDataManipulationTransactions() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsDataManipulationTransactionsOnly() throws SQLException {
        return is(false);
    }

    @Override
    public boolean dataDefinitionCausesTransactionCommit() throws SQLException {
        return is(false);
    }

    @Override
    public boolean dataDefinitionIgnoredInTransactions() throws SQLException {
        return is(false);
    }

    @Override
    public boolean supportsSavepoints() throws SQLException {
        return is(true);
    }

    @Override
    public boolean autoCommitFailureClosesAllResultSets() throws SQLException {
        return is(false);
    }

    // ---- result sets and statements -------------------------------------------------------------

    @Override
    public boolean supportsResultSetType(int type) throws SQLException {
        conn.checkOpen();
        return type == ResultSet.TYPE_FORWARD_ONLY || type == ResultSet.TYPE_SCROLL_INSENSITIVE;
    }

    @Override
    public boolean supportsResultSetConcurrency(int type, int concurrency) throws SQLException {
        return supportsResultSetType(type)
                && (concurrency == ResultSet.CONCUR_READ_ONLY || concurrency == ResultSet.CONCUR_UPDATABLE);
    }

    /** updateRow changes the result's row too. */
    @Override
    public boolean ownUpdatesAreVisible(int type) throws SQLException {
        return supportsResultSetType(type);
    }

    /** deleteRow leaves the row in the result, marked (rowDeleted). */
    @Override
    public boolean ownDeletesAreVisible(int type) throws SQLException {
        return supportsResultSetType(type);
    }

    @Override
    public boolean ownInsertsAreVisible(int type) throws SQLException {
        return is(false);
    }

    @Override
    public boolean othersUpdatesAreVisible(int type) throws SQLException {
        return is(false);
    }

    @Override
    public boolean othersDeletesAreVisible(int type) throws SQLException {
        return is(false);
    }

    @Override
    public boolean othersInsertsAreVisible(int type) throws SQLException {
        return is(false);
    }

    @Override
    public boolean updatesAreDetected(int type) throws SQLException {
        return supportsResultSetType(type);
    }

    @Override
    public boolean deletesAreDetected(int type) throws SQLException {
        return supportsResultSetType(type);
    }

    @Override
    public boolean insertsAreDetected(int type) throws SQLException {
        return is(false);
    }

    @Override
    public boolean supportsBatchUpdates() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsNamedParameters() throws SQLException {
        return is(false);
    }

    @Override
    public boolean supportsMultipleOpenResults() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsGetGeneratedKeys() throws SQLException {
        return is(true);
    }

    @Override
    public boolean generatedKeyAlwaysReturned() throws SQLException {
        return is(true);
    }

    @Override
    public boolean supportsResultSetHoldability(int holdability) throws SQLException {
        conn.checkOpen();
        return holdability == ResultSet.HOLD_CURSORS_OVER_COMMIT || holdability == ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        return number(ResultSet.HOLD_CURSORS_OVER_COMMIT);
    }

    @Override
    public int getSQLStateType() throws SQLException {
        return number(sqlStateSQL);
    }

    @Override
    public boolean locatorsUpdateCopy() throws SQLException {
        return is(true); // LOBs are values in memory: changing one changes a copy
    }

    @Override
    public boolean supportsStatementPooling() throws SQLException {
        return is(false);
    }

    @Override
    public RowIdLifetime getRowIdLifetime() throws SQLException {
        conn.checkOpen();
        return RowIdLifetime.ROWID_UNSUPPORTED;
    }

    @Override
    public boolean supportsStoredFunctionsUsingCallSyntax() throws SQLException {
        return is(true); // {? = call f(...)} calls a function
    }

    @Override
    public boolean supportsSharding() throws SQLException {
        return is(false);
    }

    @Override
    public boolean supportsRefCursors() throws SQLException {
        return is(false);
    }

    /** LOBs are values in memory: at most an array's length. */
    @Override
    public long getMaxLogicalLobSize() throws SQLException {
        conn.checkOpen();
        return Integer.MAX_VALUE;
    }

    // ---- wrapper --------------------------------------------------------------------------------

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return SqlExceptions.unwrap(iface, this);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return SqlExceptions.wraps(iface, this);
    }
}
