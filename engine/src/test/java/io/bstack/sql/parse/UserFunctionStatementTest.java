package io.bstack.sql.parse;

import static io.bstack.sql.parse.ParserTestSupport.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.sql.SqlSyntaxException;
import io.bstack.sql.ast.AstPrinter;
import io.bstack.sql.ast.Statement;
import org.junit.jupiter.api.Test;

/** CREATE/DROP FUNCTION and AGGREGATE: their forms, the print/parse round trip, and what they refuse. */
class UserFunctionStatementTest {

    @Test
    void formsParseAndPrintBack() {
        assertThat(parse("CREATE FUNCTION f FOR 'a.B.m'"))
                .isEqualTo(new Statement.CreateFunction("F", false, false, false, "a.B.m"));
        assertThat(parse("create function if not exists \"g\" deterministic for 'a.B.m'"))
                .isEqualTo(new Statement.CreateFunction("g", true, false, true, "a.B.m"));
        assertThat(parse("CREATE AGGREGATE IF NOT EXISTS s FOR 'a.Sum'"))
                .isEqualTo(new Statement.CreateFunction("S", true, true, false, "a.Sum"));
        assertThat(parse("DROP FUNCTION IF EXISTS f")).isEqualTo(new Statement.DropFunction("F", true, false));
        assertThat(parse("DROP AGGREGATE s")).isEqualTo(new Statement.DropFunction("S", false, true));
        for (String sql : new String[] {"CREATE FUNCTION F FOR 'a.B.m'",
            "CREATE FUNCTION IF NOT EXISTS \"g\" DETERMINISTIC FOR 'it''s.m'", "CREATE AGGREGATE S FOR 'a.Sum'",
            "DROP FUNCTION IF EXISTS F", "DROP AGGREGATE S"}) {
            Statement s = parse(sql);
            assertThat(AstPrinter.print(s)).isEqualTo(sql);
            assertThat(parse(AstPrinter.print(s))).isEqualTo(s);
        }
    }

    @Test
    void onlyAStringNamingJavaCodeIsAccepted() {
        for (String sql : new String[] {"CREATE FUNCTION f AS $$ int f() { return 1; } $$", "CREATE FUNCTION f FOR a.B.m",
            "CREATE FUNCTION f", "CREATE AGGREGATE s DETERMINISTIC FOR 'a.Sum'", "CREATE ALIAS f FOR 'a.B.m'",
            "CREATE PROCEDURE p FOR 'a.B.m'"}) {
            assertThatThrownBy(() -> Parser.parse(sql)).as(sql).isInstanceOf(SqlSyntaxException.class);
        }
    }
}
