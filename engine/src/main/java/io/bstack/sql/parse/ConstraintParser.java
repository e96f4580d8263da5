package io.bstack.sql.parse;

import io.bstack.sql.SqlSyntaxException;
import io.bstack.sql.ast.ColumnConstraint;
import io.bstack.sql.ast.ColumnDefinition;
import io.bstack.sql.ast.DataType;
import io.bstack.sql.ast.Expression;
import io.bstack.sql.ast.ForeignKeyTarget;
import io.bstack.sql.ast.ForeignKeyTarget.ReferentialAction;
import io.bstack.sql.ast.QualifiedName;
import io.bstack.sql.ast.TableConstraint;
import java.util.ArrayList;
import java.util.List;

/** Column definitions, column constraints and table constraints of CREATE and ALTER TABLE. */
final class ConstraintParser {
    private final TokenStream ts;
    private final ExpressionParser expressions;

    ConstraintParser(TokenStream ts, ExpressionParser expressions) {
        this.ts = ts;
        this.expressions = expressions;
    }

    /** @return whether a table constraint (rather than a column) starts here */
    boolean atTableConstraint() {
        return ts.at("CONSTRAINT") || ts.at("PRIMARY") || ts.at("UNIQUE") || ts.at("CHECK") || ts.at("FOREIGN");
    }

    TableConstraint tableConstraint() throws SqlSyntaxException {
        String name = ts.accept("CONSTRAINT") ? ts.identifier() : null;
        if (ts.accept("PRIMARY")) {
            ts.expect("KEY");
            return new TableConstraint.PrimaryKey(name, columnList());
        }
        if (ts.accept("UNIQUE")) {
            return new TableConstraint.Unique(name, columnList());
        }
        if (ts.accept("CHECK")) {
            return new TableConstraint.Check(name, parenthesisedCondition());
        }
        ts.expect("FOREIGN");
        ts.expect("KEY");
        List<String> columns = columnList();
        ts.expect("REFERENCES");
        return new TableConstraint.ForeignKey(name, columns, foreignKeyTarget());
    }

    private List<String> columnList() throws SqlSyntaxException {
        ts.expect("(");
        List<String> names = new ArrayList<>();
        do {
            names.add(ts.identifier());
            if (ts.check("(")) {
                throw ts.unsupported("index prefix length");
            }
        } while (ts.accept(","));
        ts.expect(")");
        return names;
    }

    private Expression parenthesisedCondition() throws SqlSyntaxException {
        ts.expect("(");
        Expression condition = expressions.expression();
        ts.expect(")");
        return condition;
    }

    ColumnDefinition columnDefinition() throws SqlSyntaxException {
        String name = ts.identifier();
        DataType type = DataTypeParser.dataType(ts);
        List<ColumnConstraint> list = new ArrayList<>();
        while (true) {
            ColumnConstraint c = columnConstraint();
            if (c == null) {
                return new ColumnDefinition(name, type, list);
            }
            list.add(c);
        }
    }

    private ColumnConstraint columnConstraint() throws SqlSyntaxException {
        String name = ts.accept("CONSTRAINT") ? ts.identifier() : null;
        if (ts.accept("NOT")) {
            ts.expect("NULL");
            return new ColumnConstraint.NotNull(name);
        }
        if (ts.accept("PRIMARY")) {
            ts.expect("KEY");
            return new ColumnConstraint.PrimaryKey(name);
        }
        if (ts.accept("UNIQUE")) {
            return new ColumnConstraint.Unique(name);
        }
        if (ts.accept("CHECK")) {
            return new ColumnConstraint.Check(name, parenthesisedCondition());
        }
        if (ts.accept("REFERENCES")) {
            return new ColumnConstraint.References(name, foreignKeyTarget());
        }
        if (name != null) {
            throw ts.error();
        }
        if (ts.accept("NULL")) {
            return new ColumnConstraint.Nullable();
        }
        if (ts.accept("DEFAULT")) {
            return new ColumnConstraint.Default(expressions.expression());
        }
        if (ts.accept("AUTO_INCREMENT") || ts.accept("IDENTITY")) {
            return new ColumnConstraint.AutoIncrement();
        }
        if (ts.accept("GENERATED")) {
            return identity();
        }
        return null;
    }

    private ColumnConstraint identity() throws SqlSyntaxException {
        boolean always = ts.accept("ALWAYS");
        if (!always) {
            ts.expect("BY");
            ts.expect("DEFAULT");
        }
        ts.expect("AS");
        if (!ts.accept("IDENTITY")) {
            if (ts.check("(")) {
                throw ts.unsupported("generated column");
            }
            throw ts.error();
        }
        Long start = null;
        Long increment = null;
        if (ts.accept("(")) {
            while (!ts.accept(")")) {
                if (start == null && ts.accept("START")) {
                    ts.expect("WITH");
                    start = ts.signedInteger();
                } else if (increment == null && ts.accept("INCREMENT")) {
                    ts.expect("BY");
                    increment = ts.signedInteger();
                } else {
                    throw ts.error();
                }
                ts.accept(",");
            }
        }
        return new ColumnConstraint.Identity(always, start, increment);
    }

    private ForeignKeyTarget foreignKeyTarget() throws SqlSyntaxException {
        QualifiedName table = ts.qualifiedName();
        List<String> columns = ts.check("(") ? columnList() : List.of();
        ReferentialAction onDelete = null;
        ReferentialAction onUpdate = null;
        while (ts.check("ON")) {
            ts.advance();
            if (onDelete == null && ts.accept("DELETE")) {
                onDelete = referentialAction();
            } else if (onUpdate == null && ts.accept("UPDATE")) {
                onUpdate = referentialAction();
            } else {
                throw ts.error();
            }
        }
        return new ForeignKeyTarget(table, columns, onDelete, onUpdate);
    }

    private ReferentialAction referentialAction() throws SqlSyntaxException {
        if (ts.accept("CASCADE")) {
            return ReferentialAction.CASCADE;
        }
        if (ts.accept("RESTRICT")) {
            return ReferentialAction.RESTRICT;
        }
        if (ts.accept("SET")) {
            if (ts.accept("NULL")) {
                return ReferentialAction.SET_NULL;
            }
            ts.expect("DEFAULT");
            return ReferentialAction.SET_DEFAULT;
        }
        ts.expect("NO");
        ts.expect("ACTION");
        return ReferentialAction.NO_ACTION;
    }
}
