package io.bstack.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Positions of errors moved from the statement into the script. */
class ErrorReportTest {
    private static final ErrorReport.Position START = new ErrorReport.Position(10, 5);

    @Test
    void aSyntaxErrorOnTheStatementsFirstLineShiftsByItsColumn() {
        SQLException e = new SQLException("Syntax error in SQL statement \"SELEC[*]\" at line 1, column 1", "42000");
        assertThat(ErrorReport.position(e, START)).isEqualTo(new ErrorReport.Position(10, 5));
        assertThat(ErrorReport.format(e, "x.sql", START)).endsWith("  at x.sql line 10, column 5");
    }

    @Test
    void aSyntaxErrorOnALaterLineKeepsItsColumn() {
        SQLException e = new SQLException("Syntax error ... at line 3, column 7; expected", "42000");
        assertThat(ErrorReport.position(e, START)).isEqualTo(new ErrorReport.Position(12, 7));
    }

    @Test
    void otherErrorsPointAtTheStatementEvenWhenTheirTextLooksLikeAPosition() {
        SQLException e = new SQLException("value 'at line 3, column 7' is too long", "22001");
        assertThat(ErrorReport.position(e, START)).isEqualTo(START);
        assertThat(ErrorReport.format(e, null, null)).isEqualTo("ERROR 22001: value 'at line 3, column 7' is too long");
        assertThat(ErrorReport.format(new SQLException("no state"), null, null)).isEqualTo("ERROR HY000: no state");
    }
}
