package io.bstack.jdbc;

import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.eval.ColumnType.Kind;
import io.bstack.sql.exec.ResultColumn;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What {@link BStackDatabaseMetaData} needs besides the connection: the result column lists JDBC
 * documents, the SQL texts it runs on INFORMATION_SCHEMA, a WHERE clause builder for patterns, and
 * the one mapping of INFORMATION_SCHEMA's DATA_TYPE text to a column kind. Stateless.
 */
final class MetaQueries {
    private MetaQueries() {
    }

    /** The JDBC type reported for a table of INFORMATION_SCHEMA, a user's table and a view. */
    static final String JDBC_TABLE_TYPE = "CASE WHEN TABLE_SCHEMA = 'INFORMATION_SCHEMA' THEN 'SYSTEM TABLE'"
            + " WHEN TABLE_TYPE = 'VIEW' THEN 'VIEW' ELSE 'TABLE' END";

    static final String TABLES = "SELECT TABLE_CATALOG, TABLE_SCHEMA, TABLE_NAME, " + JDBC_TABLE_TYPE
            + " AS \"TABLE_TYPE\", REMARKS FROM INFORMATION_SCHEMA.TABLES";
    static final String TABLES_ORDER = " ORDER BY \"TABLE_TYPE\", TABLE_CATALOG, TABLE_SCHEMA, TABLE_NAME";

    static final String SCHEMAS = "SELECT SCHEMA_NAME, CATALOG_NAME FROM INFORMATION_SCHEMA.SCHEMATA";
    static final String SCHEMAS_ORDER = " ORDER BY CATALOG_NAME, SCHEMA_NAME";

    static final String CATALOGS = "SELECT DISTINCT CATALOG_NAME FROM INFORMATION_SCHEMA.SCHEMATA"
            + " ORDER BY CATALOG_NAME";

    static final String COLUMNS = "SELECT TABLE_CATALOG, TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, DATA_TYPE,"
            + " DECLARED_DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, CHARACTER_OCTET_LENGTH, NUMERIC_PRECISION,"
            + " NUMERIC_SCALE, DATETIME_PRECISION, IS_NULLABLE, REMARKS, COLUMN_DEFAULT, ORDINAL_POSITION,"
            + " IS_IDENTITY FROM INFORMATION_SCHEMA.COLUMNS";
    static final String COLUMNS_ORDER = " ORDER BY TABLE_CATALOG, TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION";

    static final String PRIMARY_KEYS = "SELECT k.TABLE_CATALOG, k.TABLE_SCHEMA, k.TABLE_NAME, k.COLUMN_NAME,"
            + " k.ORDINAL_POSITION, k.CONSTRAINT_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS c"
            + " JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k ON k.CONSTRAINT_SCHEMA = c.CONSTRAINT_SCHEMA"
            + " AND k.CONSTRAINT_NAME = c.CONSTRAINT_NAME WHERE c.CONSTRAINT_TYPE = 'PRIMARY KEY'";
    static final String PRIMARY_KEYS_ORDER = " ORDER BY k.COLUMN_NAME";

    /** The primary key's columns with their types (best row identifier). */
    static final String KEY_COLUMNS = "SELECT k.COLUMN_NAME, col.DATA_TYPE, col.DECLARED_DATA_TYPE,"
            + " col.CHARACTER_MAXIMUM_LENGTH, col.NUMERIC_PRECISION, col.NUMERIC_SCALE, col.DATETIME_PRECISION"
            + " FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS c"
            + " JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k ON k.CONSTRAINT_SCHEMA = c.CONSTRAINT_SCHEMA"
            + " AND k.CONSTRAINT_NAME = c.CONSTRAINT_NAME"
            + " JOIN INFORMATION_SCHEMA.COLUMNS col ON col.TABLE_SCHEMA = k.TABLE_SCHEMA"
            + " AND col.TABLE_NAME = k.TABLE_NAME AND col.COLUMN_NAME = k.COLUMN_NAME"
            + " WHERE c.CONSTRAINT_TYPE = 'PRIMARY KEY'";
    static final String KEY_COLUMNS_ORDER = " ORDER BY k.ORDINAL_POSITION";

    static final String INDEX_INFO = "SELECT i.TABLE_CATALOG, i.TABLE_SCHEMA, i.TABLE_NAME, i.IS_UNIQUE,"
            + " i.INDEX_CATALOG, i.INDEX_NAME, i.ORDINAL_POSITION, i.COLUMN_NAME, i.ORDERING_SPECIFICATION"
            + " FROM INFORMATION_SCHEMA.INDEX_COLUMNS i WHERE TRUE";
    static final String INDEX_INFO_ORDER = " ORDER BY i.IS_UNIQUE DESC, i.INDEX_NAME, i.ORDINAL_POSITION";

    /** Foreign key columns (f) with the key columns (p) they reference. */
    static final String FOREIGN_KEYS = "SELECT p.TABLE_CATALOG, p.TABLE_SCHEMA, p.TABLE_NAME, p.COLUMN_NAME,"
            + " f.TABLE_CATALOG, f.TABLE_SCHEMA, f.TABLE_NAME, f.COLUMN_NAME, f.ORDINAL_POSITION,"
            + " r.UPDATE_RULE, r.DELETE_RULE, f.CONSTRAINT_NAME, p.CONSTRAINT_NAME"
            + " FROM INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS r"
            + " JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE f ON f.CONSTRAINT_SCHEMA = r.CONSTRAINT_SCHEMA"
            + " AND f.CONSTRAINT_NAME = r.CONSTRAINT_NAME"
            + " JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE p ON p.CONSTRAINT_SCHEMA = r.UNIQUE_CONSTRAINT_SCHEMA"
            + " AND p.CONSTRAINT_NAME = r.UNIQUE_CONSTRAINT_NAME"
            + " AND p.ORDINAL_POSITION = f.POSITION_IN_UNIQUE_CONSTRAINT WHERE TRUE";
    static final String IMPORTED_ORDER = " ORDER BY p.TABLE_CATALOG, p.TABLE_SCHEMA, p.TABLE_NAME,"
            + " f.ORDINAL_POSITION, f.CONSTRAINT_NAME";
    static final String EXPORTED_ORDER = " ORDER BY f.TABLE_CATALOG, f.TABLE_SCHEMA, f.TABLE_NAME,"
            + " f.ORDINAL_POSITION, f.CONSTRAINT_NAME";

    static final String FUNCTIONS = "SELECT ROUTINE_CATALOG, ROUTINE_SCHEMA, ROUTINE_NAME, REMARKS, DATA_TYPE,"
            + " MIN_ARGUMENTS, MAX_ARGUMENTS, IS_AGGREGATE FROM INFORMATION_SCHEMA.ROUTINES"
            + " WHERE ROUTINE_TYPE = 'FUNCTION'";
    static final String FUNCTIONS_ORDER = " ORDER BY ROUTINE_CATALOG, ROUTINE_SCHEMA, ROUTINE_NAME";

    /** There are no stored procedures: INFORMATION_SCHEMA.ROUTINES lists functions only. */
    static final String PROCEDURES = "SELECT ROUTINE_CATALOG, ROUTINE_SCHEMA, ROUTINE_NAME"
            + " FROM INFORMATION_SCHEMA.ROUTINES WHERE ROUTINE_TYPE = 'PROCEDURE'";

    /** A query for what the engine has none of (user-defined types, privileges, version columns...). */
    static final String NOTHING = "SELECT CATALOG_NAME FROM INFORMATION_SCHEMA.SCHEMATA WHERE FALSE";

    static final String ROUTINE_NAMES = "SELECT ROUTINE_NAME FROM INFORMATION_SCHEMA.ROUTINES"
            + " WHERE ROUTINE_TYPE = 'FUNCTION' AND NOT IS_AGGREGATE ORDER BY ROUTINE_NAME";

    // ---- result columns -------------------------------------------------------------------------

    static final List<ResultColumn> TABLES_COLUMNS = columns("TABLE_CAT V, TABLE_SCHEM V, TABLE_NAME V,"
            + " TABLE_TYPE V, REMARKS V, TYPE_CAT V, TYPE_SCHEM V, TYPE_NAME V, SELF_REFERENCING_COL_NAME V,"
            + " REF_GENERATION V");
    static final List<ResultColumn> SCHEMAS_COLUMNS = columns("TABLE_SCHEM V, TABLE_CATALOG V");
    static final List<ResultColumn> CATALOGS_COLUMNS = columns("TABLE_CAT V");
    static final List<ResultColumn> TABLE_TYPES_COLUMNS = columns("TABLE_TYPE V");
    static final List<ResultColumn> COLUMNS_COLUMNS = columns("TABLE_CAT V, TABLE_SCHEM V, TABLE_NAME V,"
            + " COLUMN_NAME V, DATA_TYPE I, TYPE_NAME V, COLUMN_SIZE I, BUFFER_LENGTH I, DECIMAL_DIGITS I,"
            + " NUM_PREC_RADIX I, NULLABLE I, REMARKS V, COLUMN_DEF V, SQL_DATA_TYPE I, SQL_DATETIME_SUB I,"
            + " CHAR_OCTET_LENGTH I, ORDINAL_POSITION I, IS_NULLABLE V, SCOPE_CATALOG V, SCOPE_SCHEMA V,"
            + " SCOPE_TABLE V, SOURCE_DATA_TYPE S, IS_AUTOINCREMENT V, IS_GENERATEDCOLUMN V");
    static final List<ResultColumn> PRIMARY_KEYS_COLUMNS = columns("TABLE_CAT V, TABLE_SCHEM V, TABLE_NAME V,"
            + " COLUMN_NAME V, KEY_SEQ S, PK_NAME V");
    static final List<ResultColumn> INDEX_INFO_COLUMNS = columns("TABLE_CAT V, TABLE_SCHEM V, TABLE_NAME V,"
            + " NON_UNIQUE Z, INDEX_QUALIFIER V, INDEX_NAME V, TYPE S, ORDINAL_POSITION S, COLUMN_NAME V,"
            + " ASC_OR_DESC V, CARDINALITY L, PAGES L, FILTER_CONDITION V");
    static final List<ResultColumn> KEYS_COLUMNS = columns("PKTABLE_CAT V, PKTABLE_SCHEM V, PKTABLE_NAME V,"
            + " PKCOLUMN_NAME V, FKTABLE_CAT V, FKTABLE_SCHEM V, FKTABLE_NAME V, FKCOLUMN_NAME V, KEY_SEQ S,"
            + " UPDATE_RULE S, DELETE_RULE S, FK_NAME V, PK_NAME V, DEFERRABILITY S");
    static final List<ResultColumn> TYPE_INFO_COLUMNS = columns("TYPE_NAME V, DATA_TYPE I, PRECISION I,"
            + " LITERAL_PREFIX V, LITERAL_SUFFIX V, CREATE_PARAMS V, NULLABLE S, CASE_SENSITIVE Z, SEARCHABLE S,"
            + " UNSIGNED_ATTRIBUTE Z, FIXED_PREC_SCALE Z, AUTO_INCREMENT Z, LOCAL_TYPE_NAME V, MINIMUM_SCALE S,"
            + " MAXIMUM_SCALE S, SQL_DATA_TYPE I, SQL_DATETIME_SUB I, NUM_PREC_RADIX I");
    static final List<ResultColumn> FUNCTIONS_COLUMNS = columns("FUNCTION_CAT V, FUNCTION_SCHEM V,"
            + " FUNCTION_NAME V, REMARKS V, FUNCTION_TYPE S, SPECIFIC_NAME V");
    static final List<ResultColumn> FUNCTION_COLUMNS_COLUMNS = columns("FUNCTION_CAT V, FUNCTION_SCHEM V,"
            + " FUNCTION_NAME V, COLUMN_NAME V, COLUMN_TYPE S, DATA_TYPE I, TYPE_NAME V, PRECISION I, LENGTH I,"
            + " SCALE S, RADIX S, NULLABLE S, REMARKS V, CHAR_OCTET_LENGTH I, ORDINAL_POSITION I, IS_NULLABLE V,"
            + " SPECIFIC_NAME V");
    static final List<ResultColumn> PROCEDURES_COLUMNS = columns("PROCEDURE_CAT V, PROCEDURE_SCHEM V,"
            + " PROCEDURE_NAME V, RESERVED1 V, RESERVED2 V, RESERVED3 V, REMARKS V, PROCEDURE_TYPE S,"
            + " SPECIFIC_NAME V");
    static final List<ResultColumn> PROCEDURE_COLUMNS_COLUMNS = columns("PROCEDURE_CAT V, PROCEDURE_SCHEM V,"
            + " PROCEDURE_NAME V, COLUMN_NAME V, COLUMN_TYPE S, DATA_TYPE I, TYPE_NAME V, PRECISION I, LENGTH I,"
            + " SCALE S, RADIX S, NULLABLE S, REMARKS V, COLUMN_DEF V, SQL_DATA_TYPE I, SQL_DATETIME_SUB I,"
            + " CHAR_OCTET_LENGTH I, ORDINAL_POSITION I, IS_NULLABLE V, SPECIFIC_NAME V");
    static final List<ResultColumn> ROW_IDENTIFIER_COLUMNS = columns("SCOPE S, COLUMN_NAME V, DATA_TYPE I,"
            + " TYPE_NAME V, COLUMN_SIZE I, BUFFER_LENGTH I, DECIMAL_DIGITS S, PSEUDO_COLUMN S");
    static final List<ResultColumn> PSEUDO_COLUMNS_COLUMNS = columns("TABLE_CAT V, TABLE_SCHEM V, TABLE_NAME V,"
            + " COLUMN_NAME V, DATA_TYPE I, COLUMN_SIZE I, DECIMAL_DIGITS I, NUM_PREC_RADIX I, COLUMN_USAGE V,"
            + " REMARKS V, CHAR_OCTET_LENGTH I, IS_NULLABLE V");
    static final List<ResultColumn> COLUMN_PRIVILEGES_COLUMNS = columns("TABLE_CAT V, TABLE_SCHEM V,"
            + " TABLE_NAME V, COLUMN_NAME V, GRANTOR V, GRANTEE V, PRIVILEGE V, IS_GRANTABLE V");
    static final List<ResultColumn> TABLE_PRIVILEGES_COLUMNS = columns("TABLE_CAT V, TABLE_SCHEM V,"
            + " TABLE_NAME V, GRANTOR V, GRANTEE V, PRIVILEGE V, IS_GRANTABLE V");
    static final List<ResultColumn> UDTS_COLUMNS = columns("TYPE_CAT V, TYPE_SCHEM V, TYPE_NAME V,"
            + " CLASS_NAME V, DATA_TYPE I, REMARKS V, BASE_TYPE S");
    static final List<ResultColumn> SUPER_TYPES_COLUMNS = columns("TYPE_CAT V, TYPE_SCHEM V, TYPE_NAME V,"
            + " SUPERTYPE_CAT V, SUPERTYPE_SCHEM V, SUPERTYPE_NAME V");
    static final List<ResultColumn> SUPER_TABLES_COLUMNS = columns("TABLE_CAT V, TABLE_SCHEM V, TABLE_NAME V,"
            + " SUPERTABLE_NAME V");
    static final List<ResultColumn> ATTRIBUTES_COLUMNS = columns("TYPE_CAT V, TYPE_SCHEM V, TYPE_NAME V,"
            + " ATTR_NAME V, DATA_TYPE I, ATTR_TYPE_NAME V, ATTR_SIZE I, DECIMAL_DIGITS I, NUM_PREC_RADIX I,"
            + " NULLABLE I, REMARKS V, ATTR_DEF V, SQL_DATA_TYPE I, SQL_DATETIME_SUB I, CHAR_OCTET_LENGTH I,"
            + " ORDINAL_POSITION I, IS_NULLABLE V, SCOPE_CATALOG V, SCOPE_SCHEMA V, SCOPE_TABLE V,"
            + " SOURCE_DATA_TYPE S");
    static final List<ResultColumn> CLIENT_INFO_COLUMNS = columns("NAME V, MAX_LEN I, DEFAULT_VALUE V,"
            + " DESCRIPTION V");

    /** Column specs {@code LABEL T}: T one of V(ARCHAR) I(NTEGER) S(MALLINT) L (BIGINT) Z (BOOLEAN). */
    private static List<ResultColumn> columns(String spec) {
        List<ResultColumn> out = new ArrayList<>();
        for (String c : spec.split(",")) {
            String[] p = c.trim().split(" ");
            ColumnType type = switch (p[1]) {
                case "V" -> ColumnType.VARCHAR;
                case "I" -> ColumnType.INTEGER;
                case "S" -> ColumnType.SMALLINT;
                case "L" -> ColumnType.BIGINT;
                case "Z" -> ColumnType.BOOLEAN;
                default -> throw new IllegalArgumentException(c);
            };
            out.add(ResultColumn.computed(p[0], type));
        }
        return List.copyOf(out);
    }

    // ---- filters --------------------------------------------------------------------------------

    /** Conditions appended to a query's WHERE clause, each value a parameter. */
    static final class Where {
        private final StringBuilder sql = new StringBuilder();
        private final List<Object> params = new ArrayList<>();

        /** {@code column = value}; a null value does not filter. */
        Where eq(String column, String value) {
            if (value != null) {
                sql.append(" AND ").append(column).append(" = ?");
                params.add(value);
            }
            return this;
        }

        /** {@code column LIKE pattern ESCAPE '\'}; a null pattern does not filter. */
        Where like(String column, String pattern) {
            if (pattern != null) {
                sql.append(" AND ").append(column).append(" LIKE ? ESCAPE '\\'");
                params.add(pattern);
            }
            return this;
        }

        /** {@code expression IN (values)}; null values do not filter, none filter everything out. */
        Where in(String expression, String[] values) {
            if (values == null) {
                return this;
            }
            if (values.length == 0) {
                sql.append(" AND FALSE");
                return this;
            }
            sql.append(" AND ").append(expression).append(" IN (");
            for (int i = 0; i < values.length; i++) {
                sql.append(i == 0 ? "?" : ", ?");
                params.add(values[i]);
            }
            sql.append(')');
            return this;
        }

        /** A condition without parameters. */
        Where and(String condition) {
            sql.append(" AND ").append(condition);
            return this;
        }

        String sql() {
            return sql.toString();
        }

        Object[] params() {
            return params.toArray();
        }
    }

    /** Whether {@code text} matches the LIKE {@code pattern} (escape {@code \}); a null pattern matches all. */
    static boolean matches(String pattern, String text) {
        if (pattern == null) {
            return true;
        }
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                re.append(".*");
            } else if (c == '_') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL).matcher(text).matches();
    }

    // ---- types ----------------------------------------------------------------------------------

    private static final Map<String, Kind> KINDS = Map.ofEntries(
            Map.entry("NULL", Kind.NULL),
            Map.entry("BOOLEAN", Kind.BOOLEAN),
            Map.entry("TINYINT", Kind.TINYINT),
            Map.entry("SMALLINT", Kind.SMALLINT),
            Map.entry("INTEGER", Kind.INTEGER),
            Map.entry("BIGINT", Kind.BIGINT),
            Map.entry("NUMERIC", Kind.DECIMAL),
            Map.entry("DECIMAL", Kind.DECIMAL),
            Map.entry("REAL", Kind.REAL),
            Map.entry("DOUBLE PRECISION", Kind.DOUBLE),
            Map.entry("CHARACTER", Kind.CHAR),
            Map.entry("CHARACTER VARYING", Kind.VARCHAR),
            Map.entry("CHARACTER LARGE OBJECT", Kind.CLOB),
            Map.entry("BINARY", Kind.BINARY),
            Map.entry("BINARY VARYING", Kind.VARBINARY),
            Map.entry("BINARY LARGE OBJECT", Kind.BLOB),
            Map.entry("DATE", Kind.DATE),
            Map.entry("TIME", Kind.TIME),
            Map.entry("TIMESTAMP", Kind.TIMESTAMP),
            Map.entry("TIMESTAMP WITH TIME ZONE", Kind.TIMESTAMP_WITH_TIME_ZONE),
            Map.entry("UUID", Kind.UUID),
            Map.entry("REGION", Kind.REGION));

    /**
     * The kind of a column from INFORMATION_SCHEMA's DATA_TYPE and DECLARED_DATA_TYPE: FLOAT above 24
     * bits is a DOUBLE PRECISION there but its own kind (JDBC FLOAT) in results. Null when
     * {@code dataType} is null (a function whose result type depends on its arguments).
     */
    static Kind kind(String dataType, String declared) throws SQLException {
        if (dataType == null) {
            return null;
        }
        if (dataType.equals("DOUBLE PRECISION") && declared != null
                && declared.toUpperCase(Locale.ROOT).startsWith("FLOAT")) {
            return Kind.FLOAT;
        }
        Kind k = KINDS.get(dataType);
        if (k == null) {
            throw SqlExceptions.of("INFORMATION_SCHEMA names an unknown data type " + dataType, SqlExceptions.GENERAL,
                    null);
        }
        return k;
    }
}
