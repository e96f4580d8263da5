package io.bstack.sql.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bstack.sql.SqlSyntaxException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LexerTest {

    private static List<TokenKind> kinds(String sql) throws SqlSyntaxException {
        return Lexer.tokenize(sql).stream().map(Token::kind).toList();
    }

    private static List<String> texts(String sql) throws SqlSyntaxException {
        return Lexer.tokenize(sql).stream().map(Token::text).toList();
    }

    @Test
    void identifiersAreFoldedToUpperCaseUnlessQuoted() throws SqlSyntaxException {
        List<Token> tokens = Lexer.tokenize("select col_1, \"MiXed \"\"q\"\"\" from t");
        assertThat(tokens).extracting(Token::kind).containsExactly(TokenKind.KEYWORD, TokenKind.IDENTIFIER,
                TokenKind.OPERATOR, TokenKind.QUOTED_IDENTIFIER, TokenKind.KEYWORD, TokenKind.IDENTIFIER, TokenKind.EOF);
        assertThat(tokens).extracting(Token::text).containsExactly("SELECT", "COL_1", ",", "MiXed \"q\"", "FROM", "T", "");
    }

    @Test
    void numericLiteralsAreClassified() throws SqlSyntaxException {
        assertThatThrownBy(() -> kinds("1 7e")).isInstanceOf(SqlSyntaxException.class).hasMessageContaining("malformed number");
        assertThat(kinds("12 1.5 .5 3. 1e10 2.5E-3")).containsExactly(TokenKind.INTEGER, TokenKind.DECIMAL,
                TokenKind.DECIMAL, TokenKind.DECIMAL, TokenKind.APPROXIMATE, TokenKind.APPROXIMATE, TokenKind.EOF);
        assertThat(texts("1e10 2.5e-3")).containsExactly("1E10", "2.5E-3", "");
    }

    @Test
    void stringsBinaryAndDateTimeLiterals() throws SqlSyntaxException {
        List<Token> tokens = Lexer.tokenize("'it''s' x'0aFf' DATE '2024-01-02' TIME '10:11:12' TIMESTAMP '2024-01-02 03:04:05'");
        assertThat(tokens).extracting(Token::kind).containsExactly(TokenKind.STRING, TokenKind.BINARY_STRING,
                TokenKind.DATE_LITERAL, TokenKind.TIME_LITERAL, TokenKind.TIMESTAMP_LITERAL, TokenKind.EOF);
        assertThat(tokens).extracting(Token::text).containsExactly("it's", "0AFF", "2024-01-02", "10:11:12",
                "2024-01-02 03:04:05", "");
    }

    @Test
    void dateIsAnIdentifierWhenNoStringFollows() throws SqlSyntaxException {
        assertThat(kinds("date, time")).containsExactly(TokenKind.IDENTIFIER, TokenKind.OPERATOR,
                TokenKind.IDENTIFIER, TokenKind.EOF);
    }

    @Test
    void parametersAreNumberedInOrder() throws SqlSyntaxException {
        assertThat(Lexer.tokenize("? + ?; ?")).filteredOn(t -> t.kind() == TokenKind.PARAMETER)
                .extracting(Token::parameterIndex).containsExactly(1, 2, 3);
    }

    @Test
    void operatorsLongestFirst() throws SqlSyntaxException {
        assertThat(texts("<>!=<=>=||=<>+-*/%(),.;")).containsExactly("<>", "!=", "<=", ">=", "||", "=", "<>",
                "+", "-", "*", "/", "%", "(", ")", ",", ".", ";", "");
    }

    @Test
    void commentsAreSkippedAndPositionsAreOneBased() throws SqlSyntaxException {
        List<Token> tokens = Lexer.tokenize("-- first\n  /* two\nlines */ a\n\tb");
        assertThat(tokens).hasSize(3);
        assertThat(tokens.get(0)).extracting(Token::text, Token::line, Token::column).containsExactly("A", 3, 10);
        assertThat(tokens.get(1)).extracting(Token::text, Token::line, Token::column).containsExactly("B", 4, 2);
    }

    @Test
    void unterminatedStringReportsWhereItStarted() {
        assertThatThrownBy(() -> Lexer.tokenize("SELECT\n  'abc"))
                .isInstanceOfSatisfying(SqlSyntaxException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo(3);
                    assertThat(e.getSQLState()).isEqualTo("42000");
                    assertThat(e.getMessage()).contains("unterminated string");
                });
    }

    @Test
    void strayCharacterIsAnError() {
        assertThatThrownBy(() -> Lexer.tokenize("SELECT 1 # 2"))
                .isInstanceOfSatisfying(SqlSyntaxException.class, e -> assertThat(e.column()).isEqualTo(10));
    }
}
