package io.bstack.sql.ast;

import java.util.List;
import java.util.Objects;

/**
 * A scalar SQL expression. Immutable; equality is structural, so two parses of the same text
 * give equal trees. Parentheses leave no trace: precedence is in the shape of the tree.
 */
public sealed interface Expression {

    /** Kinds of numeric literal, as the lexer classified them. */
    enum NumericKind { INTEGER, DECIMAL, APPROXIMATE }

    /** Kinds of datetime literal. */
    enum DateTimeKind { DATE, TIME, TIMESTAMP }

    /** Unary operators. */
    enum UnaryOperator { PLUS, MINUS, NOT }

    /** Binary operators, from loosest to tightest. */
    enum BinaryOperator {
        OR("OR"), AND("AND"),
        EQUAL("="), NOT_EQUAL("<>"), LESS("<"), LESS_OR_EQUAL("<="), GREATER(">"), GREATER_OR_EQUAL(">="),
        CONCAT("||"), ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), MODULO("%");

        private final String symbol;

        BinaryOperator(String symbol) {
            this.symbol = symbol;
        }

        /** @return the SQL spelling */
        public String symbol() {
            return symbol;
        }
    }

    /** Truth values of {@code IS [NOT] TRUE|FALSE|UNKNOWN}. */
    enum TruthValue { TRUE, FALSE, UNKNOWN }

    /** Current date/time value functions. */
    enum CurrentKind { CURRENT_DATE, CURRENT_TIME, CURRENT_TIMESTAMP }

    /** A numeric literal, kept as written (without sign). */
    record NumericLiteral(String text, NumericKind kind) implements Expression {
        public NumericLiteral {
            Objects.requireNonNull(text);
            Objects.requireNonNull(kind);
        }
    }

    /** A character string literal; {@code value} is unescaped. */
    record StringLiteral(String value) implements Expression {
        public StringLiteral {
            Objects.requireNonNull(value);
        }
    }

    /** A binary string literal {@code X'..'}; {@code hex} is upper case. */
    record BinaryLiteral(String hex) implements Expression {
        public BinaryLiteral {
            Objects.requireNonNull(hex);
        }
    }

    /** {@code DATE '...'}, {@code TIME '...'} or {@code TIMESTAMP '...'}. */
    record DateTimeLiteral(DateTimeKind kind, String value) implements Expression {
        public DateTimeLiteral {
            Objects.requireNonNull(kind);
            Objects.requireNonNull(value);
        }
    }

    /** {@code TRUE} or {@code FALSE}. */
    record BooleanLiteral(boolean value) implements Expression {
    }

    /** {@code NULL}. */
    record NullLiteral() implements Expression {
    }

    /** {@code DEFAULT} inside {@code VALUES} or {@code SET c = DEFAULT}. */
    record DefaultValue() implements Expression {
    }

    /** A {@code ?} parameter; {@code index} is 1-based in order of appearance in the script. */
    record Parameter(int index) implements Expression {
    }

    /** A column reference {@code a}, {@code t.a} or {@code s.t.a}. */
    record ColumnRef(List<String> parts) implements Expression {
        public ColumnRef {
            parts = List.copyOf(parts);
            if (parts.isEmpty() || parts.size() > 3) {
                throw new IllegalArgumentException("column reference needs 1 to 3 parts: " + parts);
            }
        }

        /** @return the column name (last part) */
        public String column() {
            return parts.getLast();
        }
    }

    /** {@code +e}, {@code -e} or {@code NOT e}. */
    record Unary(UnaryOperator operator, Expression operand) implements Expression {
        public Unary {
            Objects.requireNonNull(operator);
            Objects.requireNonNull(operand);
        }
    }

    /** {@code left op right}. */
    record Binary(BinaryOperator operator, Expression left, Expression right) implements Expression {
        public Binary {
            Objects.requireNonNull(operator);
            Objects.requireNonNull(left);
            Objects.requireNonNull(right);
        }
    }

    /** A function call {@code f(args)}, {@code f(DISTINCT x)} or {@code COUNT(*)} ({@code star}). */
    record FunctionCall(String name, boolean distinct, boolean star, List<Expression> arguments)
            implements Expression {
        public FunctionCall {
            Objects.requireNonNull(name);
            arguments = List.copyOf(arguments);
            if (star && (!arguments.isEmpty() || distinct)) {
                throw new IllegalArgumentException("f(*) takes no arguments");
            }
        }
    }

    /** {@code e IS [NOT] NULL}. */
    record IsNull(Expression operand, boolean negated) implements Expression {
        public IsNull {
            Objects.requireNonNull(operand);
        }
    }

    /** {@code a IS [NOT] DISTINCT FROM b}. */
    record IsDistinctFrom(Expression left, Expression right, boolean negated) implements Expression {
        public IsDistinctFrom {
            Objects.requireNonNull(left);
            Objects.requireNonNull(right);
        }
    }

    /** {@code e IS [NOT] TRUE|FALSE|UNKNOWN}. */
    record IsTruth(Expression operand, TruthValue value, boolean negated) implements Expression {
        public IsTruth {
            Objects.requireNonNull(operand);
            Objects.requireNonNull(value);
        }
    }

    /** {@code e [NOT] BETWEEN [SYMMETRIC] low AND high}. */
    record Between(Expression operand, Expression low, Expression high, boolean symmetric, boolean negated)
            implements Expression {
        public Between {
            Objects.requireNonNull(operand);
            Objects.requireNonNull(low);
            Objects.requireNonNull(high);
        }
    }

    /** {@code e [NOT] IN (v1, v2, ...)}. */
    record InList(Expression operand, List<Expression> values, boolean negated) implements Expression {
        public InList {
            Objects.requireNonNull(operand);
            values = List.copyOf(values);
        }
    }

    /** {@code e [NOT] IN (query)}. */
    record InQuery(Expression operand, Query query, boolean negated) implements Expression {
        public InQuery {
            Objects.requireNonNull(operand);
            Objects.requireNonNull(query);
        }
    }

    /** {@code e [NOT] LIKE pattern [ESCAPE escape]}; {@code escape} may be null. */
    record Like(Expression operand, Expression pattern, Expression escape, boolean negated) implements Expression {
        public Like {
            Objects.requireNonNull(operand);
            Objects.requireNonNull(pattern);
        }
    }

    /** {@code EXISTS (query)}; {@code NOT EXISTS} is a {@link Unary} NOT around it. */
    record Exists(Query query) implements Expression {
        public Exists {
            Objects.requireNonNull(query);
        }
    }

    /** A scalar subquery {@code (query)}. */
    record ScalarSubquery(Query query) implements Expression {
        public ScalarSubquery {
            Objects.requireNonNull(query);
        }
    }

    /** One {@code WHEN condition THEN result} arm of a CASE. */
    record WhenClause(Expression condition, Expression result) {
        public WhenClause {
            Objects.requireNonNull(condition);
            Objects.requireNonNull(result);
        }
    }

    /**
     * {@code CASE [operand] WHEN .. THEN .. [ELSE ..] END}: simple when {@code operand} is not null,
     * searched otherwise; {@code elseResult} may be null.
     */
    record Case(Expression operand, List<WhenClause> whens, Expression elseResult) implements Expression {
        public Case {
            whens = List.copyOf(whens);
            if (whens.isEmpty()) {
                throw new IllegalArgumentException("CASE needs a WHEN");
            }
        }
    }

    /** {@code CAST(e AS type)}. */
    record Cast(Expression operand, DataType type) implements Expression {
        public Cast {
            Objects.requireNonNull(operand);
            Objects.requireNonNull(type);
        }
    }

    /** {@code NEXT VALUE FOR sequence}. */
    record NextValueFor(QualifiedName sequence) implements Expression {
        public NextValueFor {
            Objects.requireNonNull(sequence);
        }
    }

    /** {@code CURRENT_DATE}, {@code CURRENT_TIME} or {@code CURRENT_TIMESTAMP}. */
    record CurrentDateTime(CurrentKind kind) implements Expression {
        public CurrentDateTime {
            Objects.requireNonNull(kind);
        }
    }
}
