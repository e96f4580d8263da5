package io.bstack.sql.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.btree.SqlType;
import io.bstack.sql.ast.DataType;
import io.bstack.sql.eval.ColumnType.Kind;
import io.bstack.sql.parse.Parser;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ColumnTypeTest {

    private static ColumnType of(String written) throws SQLException {
        var s = (io.bstack.sql.ast.Statement.CreateTable) Parser.parse("CREATE TABLE t (c " + written + ")");
        return ColumnType.of(s.columns().getFirst().type());
    }

    @Test
    void everyWrittenTypeMaps() throws SQLException {
        String[][] cases = {
                {"BOOLEAN", "BOOLEAN", "BOOLEAN"}, {"TINYINT", "TINYINT", "TINYINT"}, {"SMALLINT", "SMALLINT", "SMALLINT"},
                {"INT", "INTEGER", "INTEGER"}, {"INTEGER", "INTEGER", "INTEGER"}, {"BIGINT", "BIGINT", "BIGINT"},
                {"DECIMAL(10,2)", "DECIMAL", "DECIMAL(10, 2)"}, {"NUMERIC(5)", "DECIMAL", "DECIMAL(5, 0)"},
                {"NUMERIC", "DECIMAL", "DECIMAL(100000, 0)"}, {"REAL", "REAL", "REAL"},
                {"DOUBLE", "DOUBLE", "DOUBLE PRECISION"}, {"DOUBLE PRECISION", "DOUBLE", "DOUBLE PRECISION"},
                {"FLOAT", "DOUBLE", "FLOAT"}, {"FLOAT(10)", "REAL", "REAL"}, {"FLOAT(30)", "DOUBLE", "FLOAT(30)"},
                {"CHAR(3)", "VARCHAR", "CHAR(3)"}, {"CHARACTER", "VARCHAR", "CHAR(1)"},
                {"VARCHAR(20)", "VARCHAR", "VARCHAR(20)"}, {"CHARACTER VARYING(5)", "VARCHAR", "VARCHAR(5)"},
                {"CLOB", "VARCHAR", "CLOB"}, {"BINARY(4)", "VARBINARY", "BINARY(4)"},
                {"VARBINARY(8)", "VARBINARY", "VARBINARY(8)"}, {"BLOB", "VARBINARY", "BLOB"}, {"DATE", "DATE", "DATE"},
                {"TIME", "TIME", "TIME"}, {"TIME(3)", "TIME", "TIME(3)"}, {"TIMESTAMP", "TIMESTAMP", "TIMESTAMP"},
                {"TIMESTAMP(3)", "TIMESTAMP", "TIMESTAMP(3)"},
                {"TIMESTAMP WITH TIME ZONE", "TIMESTAMP_WITH_TIME_ZONE", "TIMESTAMP WITH TIME ZONE"},
                {"UUID", "UUID", "UUID"}};
        for (String[] c : cases) {
            ColumnType t = of(c[0]);
            assertThat(t.sqlType()).as(c[0]).isEqualTo(SqlType.valueOf(c[1]));
            assertThat(t.sqlName()).as(c[0]).isEqualTo(c[2]);
            assertThat(of(t.sqlName())).as("round trip of " + c[0]).isEqualTo(t);
        }
        assertThat(of("CHAR(3)").kind()).isEqualTo(Kind.CHAR);
        assertThat(of("DECIMAL(10,2)").precision()).isEqualTo(10);
        assertThat(of("DECIMAL(10,2)").scale()).isEqualTo(2);
        assertThat(ColumnType.NULL.sqlType()).isNull();
    }

    @Test
    void badTypesAre42000() throws SQLException {
        assertThat(of("REGION")).isEqualTo(ColumnType.REGION);
        for (DataType bad : new DataType[] {new DataType("REGION", 16, null), DataType.of("GEOMETRY"),
                new DataType("INTEGER", 5, null), new DataType("VARCHAR", 0, null),
                new DataType("DECIMAL", 5, 6), new DataType("TIME", 12, null), new DataType("VARCHAR", 5, 1)}) {
            assertThatThrownBy(() -> ColumnType.of(bad)).as(bad.toString())
                    .isInstanceOf(java.sql.SQLSyntaxErrorException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42000");
        }
    }

    @Test
    void rejectsNegativeSizes() {
        assertThatThrownBy(() -> new ColumnType(Kind.VARCHAR, -1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
