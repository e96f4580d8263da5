package io.bstack.sql.functions;

import io.bstack.sql.eval.Casts;
import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.eval.ColumnType.Kind;
import io.bstack.sql.eval.SqlErrors;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.List;

/** Conversions of function arguments, following the engine's casts. */
final class Args {
    private Args() {
    }

    static String text(Object v) {
        return v instanceof String s ? s : Casts.toText(v);
    }

    static int integer(Object v) throws SQLException {
        return (Integer) Casts.coerce(v, Kind.INTEGER);
    }

    static long bigint(Object v) throws SQLException {
        return (Long) Casts.coerce(v, Kind.BIGINT);
    }

    static double dbl(Object v) throws SQLException {
        return (Double) Casts.coerce(v, Kind.DOUBLE);
    }

    static BigDecimal decimal(Object v) throws SQLException {
        return (BigDecimal) Casts.coerce(v, Kind.DECIMAL);
    }

    /** @return the type for a numeric argument: numbers as they are, anything else DECIMAL */
    static ColumnType numericType(ColumnType t) {
        return t.kind().isNumeric() || t.kind() == Kind.NULL ? t : ColumnType.DECIMAL;
    }

    /** @throws SQLException 42804 unless the type is numeric, a string or unknown */
    static void requireNumeric(String function, ColumnType t) throws SQLException {
        Kind k = t.kind();
        if (!k.isNumeric() && !k.isString() && k != Kind.NULL && k != Kind.BOOLEAN) {
            throw SqlErrors.typeMismatch(function, t);
        }
    }

    /** @return the common type of all arguments */
    static ColumnType common(List<ColumnType> types) throws SQLException {
        ColumnType t = ColumnType.NULL;
        for (ColumnType a : types) {
            t = Casts.implicitType(t, a);
        }
        return t;
    }
}
