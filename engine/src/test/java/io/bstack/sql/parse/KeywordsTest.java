package io.bstack.sql.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.sql.SqlSyntaxException;
import io.bstack.sql.ast.AstPrinter;
import io.bstack.sql.ast.Expression;
import io.bstack.sql.ast.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeywordsTest {

    @Test
    void thePrinterQuotesEveryReservedWord() {
        assertThat(Keywords.reserved()).allSatisfy(word -> assertThat(AstPrinter.identifier(word)).isEqualTo('"' + word + '"'));
    }

    @Test
    void reservedWordsAreUsableAsQuotedNamesAndUnreservedOnesBare() throws SqlSyntaxException {
        Statement s = Parser.parse("SELECT \"SELECT\", key, value, index, transaction FROM t");
        assertThat(s).isEqualTo(Parser.parse("SELECT \"SELECT\", \"KEY\", \"VALUE\", \"INDEX\", \"TRANSACTION\" FROM \"T\""));
        assertThat(((io.bstack.sql.ast.Query.Select) ((Statement.QueryStatement) s).query()).items().getFirst())
                .isEqualTo(new io.bstack.sql.ast.SelectItem.Column(new Expression.ColumnRef(List.of("SELECT")), null));
    }
}
