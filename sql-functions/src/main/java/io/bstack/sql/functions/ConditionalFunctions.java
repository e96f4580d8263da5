package io.bstack.sql.functions;

import static io.bstack.sql.functions.Fn.lenient;

import io.bstack.sql.eval.Casts;
import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.eval.Comparisons;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * IFNULL/NVL (first non-NULL of two) and GREATEST/LEAST (NULL if any argument is NULL, as in
 * H2 2.3). Values are converted to the common type of the arguments ({@link Casts#implicitType}).
 */
final class ConditionalFunctions {
    private ConditionalFunctions() {
    }

    static List<Fn> all() {
        Fn ifNull = lenient("IFNULL", 2, 2, (args, c) -> Args.common(args), a -> {
            ColumnType t = runtimeType(a);
            return Casts.coerce(a[0] != null ? a[0] : a[1], t.kind());
        });
        return List.of(ifNull, ifNull.alias("NVL"),
                lenient("GREATEST", 1, Integer.MAX_VALUE, (args, c) -> Args.common(args), a -> extreme(a, 1)),
                lenient("LEAST", 1, Integer.MAX_VALUE, (args, c) -> Args.common(args), a -> extreme(a, -1)));
    }

    private static ColumnType runtimeType(Object[] values) throws SQLException {
        List<ColumnType> types = new ArrayList<>(values.length);
        for (Object v : values) {
            types.add(Casts.typeOf(v));
        }
        return Args.common(types);
    }

    private static Object extreme(Object[] a, int sign) throws SQLException {
        for (Object v : a) {
            if (v == null) {
                return null;
            }
        }
        ColumnType t = runtimeType(a);
        Comparisons.Comparator c = Comparisons.comparator(t, t);
        Object best = Casts.coerce(a[0], t.kind());
        for (int i = 1; i < a.length; i++) {
            Object v = Casts.coerce(a[i], t.kind());
            if (Integer.signum(c.compare(v, best)) == sign) {
                best = v;
            }
        }
        return best;
    }
}
