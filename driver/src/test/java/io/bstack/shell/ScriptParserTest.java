package io.bstack.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How scripts are cut into statements and commands, and where each starts. */
class ScriptParserTest {

    private static List<ScriptParser.Piece> parse(String text) {
        ScriptParser p = new ScriptParser();
        List<ScriptParser.Piece> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            out.addAll(p.feed(line));
        }
        ScriptParser.Piece last = p.finish();
        if (last != null) {
            out.add(last);
        }
        return out;
    }

    @Test
    void statementsEndAtSemicolonsOutsideQuotesAndComments() {
        assertThat(parse("SELECT 'a;b', \"c;d\" FROM t; -- x;y\nSELECT /* ; */ 2;"))
                .extracting(ScriptParser.Piece::text)
                .containsExactly("SELECT 'a;b', \"c;d\" FROM t", "SELECT /* ; */ 2");
    }

    @Test
    void aStatementSpansLinesAndKeepsWhereItStarts() {
        List<ScriptParser.Piece> pieces = parse("-- leading comment\n\n   SELECT 1,\n  2;  SELECT 3;");
        assertThat(pieces).containsExactly(new ScriptParser.Piece(false, "SELECT 1,\n  2", 3, 4),
                new ScriptParser.Piece(false, "SELECT 3", 4, 7));
    }

    @Test
    void doubledQuotesStayInsideTheString() {
        assertThat(parse("INSERT INTO t VALUES ('it''s; fine');")).extracting(ScriptParser.Piece::text)
                .containsExactly("INSERT INTO t VALUES ('it''s; fine')");
    }

    @Test
    void commandsTakeTheirLineAtTheStartOrAfterTheLastStatement() {
        assertThat(parse("\\tables\nSELECT 1; \\describe t\n  \\format csv")).containsExactly(
                new ScriptParser.Piece(true, "\\tables", 1, 1),
                new ScriptParser.Piece(false, "SELECT 1", 2, 1),
                new ScriptParser.Piece(true, "\\describe t", 2, 11),
                new ScriptParser.Piece(true, "\\format csv", 3, 3));
    }

    @Test
    void aBackslashInsideAStatementIsNotACommand() {
        assertThat(parse("SELECT\n\\x;")).containsExactly(new ScriptParser.Piece(false, "SELECT\n\\x", 1, 1));
    }

    @Test
    void pendingUntilTheSemicolonAndResetForgetsTheStatement() {
        ScriptParser p = new ScriptParser();
        assertThat(p.feed("SELECT")).isEmpty();
        assertThat(p.pending()).isTrue();
        p.reset();
        assertThat(p.pending()).isFalse();
        assertThat(p.feed("SELECT 2;")).extracting(ScriptParser.Piece::text).containsExactly("SELECT 2");
        assertThat(p.feed("-- only a comment")).isEmpty();
        assertThat(p.pending()).isFalse();
        assertThat(p.feed("SELECT 'open")).isEmpty();
        assertThat(p.feed("string';")).extracting(ScriptParser.Piece::text).containsExactly("SELECT 'open\nstring'");
    }

    @Test
    void theLastStatementNeedsNoSemicolon() {
        assertThat(parse("SELECT 1;\nSELECT 2")).extracting(ScriptParser.Piece::text)
                .containsExactly("SELECT 1", "SELECT 2");
    }
}
