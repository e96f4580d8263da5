package io.bstack.sql.parse;

import io.bstack.sql.SqlSyntaxException;
import io.bstack.sql.ast.QualifiedName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A cursor over the tokens of one script. Every failed test of the current token records what was
 * tried, so an error lists exactly what would have been accepted at that point (as H2 does).
 */
final class TokenStream {
    private final String sql;
    private final List<Token> tokens;
    private int index;
    private final Set<String> expected = new LinkedHashSet<>();

    TokenStream(String sql) throws SqlSyntaxException {
        this.sql = sql;
        this.tokens = Lexer.tokenize(sql);
    }

    /** A saved position for backtracking. */
    record Mark(int index, Set<String> expected) {
    }

    Mark mark() {
        return new Mark(index, new LinkedHashSet<>(expected));
    }

    void reset(Mark mark) {
        index = mark.index();
        expected.clear();
        expected.addAll(mark.expected());
    }

    Token peek() {
        return tokens.get(index);
    }

    Token peek(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    Token advance() {
        Token t = tokens.get(index);
        if (t.kind() != TokenKind.EOF) {
            index++;
            expected.clear();
        }
        return t;
    }

    boolean atEnd() {
        return peek().kind() == TokenKind.EOF;
    }

    /** @return whether the current token is the keyword, word or operator {@code s}, without noting it */
    boolean check(String s) {
        return peek().is(s) || peek().isWord(s);
    }

    /** @return whether the token {@code ahead} positions on is {@code s}, without noting it */
    boolean check(int ahead, String s) {
        return peek(ahead).is(s) || peek(ahead).isWord(s);
    }

    /** Notes that {@code what} would have been accepted at the current token. */
    void expecting(String what) {
        expected.add(what);
    }

    /** @return whether the current token is the keyword, word or operator {@code s}, noting it as expected if not */
    boolean at(String s) {
        Token t = peek();
        if (t.is(s) || t.isWord(s)) {
            return true;
        }
        expected.add(s);
        return false;
    }

    /** Consumes {@code s} if it is the current token. */
    boolean accept(String s) {
        if (at(s)) {
            advance();
            return true;
        }
        return false;
    }

    /** Consumes the words {@code a b ...} if all are next; else consumes nothing. */
    boolean acceptSequence(String... words) {
        for (int i = 0; i < words.length; i++) {
            Token t = peek(i);
            if (!(t.is(words[i]) || t.isWord(words[i]))) {
                if (i == 0) {
                    expected.add(words[0]);
                }
                return false;
            }
        }
        for (int i = 0; i < words.length; i++) {
            advance();
        }
        return true;
    }

    /** Consumes {@code s} or fails. */
    void expect(String s) throws SqlSyntaxException {
        if (!accept(s)) {
            throw error();
        }
    }

    /** @return whether the current token can start an identifier */
    boolean atIdentifier() {
        TokenKind k = peek().kind();
        if (k == TokenKind.IDENTIFIER || k == TokenKind.QUOTED_IDENTIFIER) {
            return true;
        }
        expected.add("identifier");
        return false;
    }

    /** Consumes an identifier (regular or quoted) and returns its name. */
    String identifier() throws SqlSyntaxException {
        if (!atIdentifier()) {
            throw error();
        }
        return advance().text();
    }

    /** {@code name} or {@code schema.name}. */
    QualifiedName qualifiedName() throws SqlSyntaxException {
        String first = identifier();
        if (accept(".")) {
            return new QualifiedName(first, identifier());
        }
        return QualifiedName.of(first);
    }

    /** {@code (a, b, ...)}. */
    List<String> identifierList() throws SqlSyntaxException {
        expect("(");
        List<String> names = new ArrayList<>();
        do {
            names.add(identifier());
        } while (accept(","));
        expect(")");
        return names;
    }

    /** An optionally signed integer literal. */
    long signedInteger() throws SqlSyntaxException {
        boolean negative = accept("-");
        if (!negative) {
            accept("+");
        }
        if (peek().kind() != TokenKind.INTEGER) {
            expected.add("integer");
            throw error();
        }
        Token t = peek();
        try {
            long value = Long.parseLong(t.text());
            advance();
            return negative ? -value : value;
        } catch (NumberFormatException e) {
            throw error("integer out of range");
        }
    }

    /** An error at the current token listing what was expected there. */
    SqlSyntaxException error() {
        return error(null);
    }

    /** An error at the current token with a problem description. */
    SqlSyntaxException error(String problem) {
        Token t = peek();
        return SyntaxErrors.at(sql, t.offset(), t.line(), t.column(), problem, new ArrayList<>(expected));
    }

    /** An error naming an unsupported feature at the current token. */
    SqlSyntaxException unsupported(String feature) {
        Token t = peek();
        return SyntaxErrors.at(sql, t.offset(), t.line(), t.column(), feature + " is not supported", List.of());
    }
}
