package io.bstack.sql.functions;

import io.bstack.alloc.Region;
import io.bstack.sql.eval.Casts;
import io.bstack.sql.eval.ColumnType;
import io.bstack.sql.eval.ColumnType.Kind;
import io.bstack.sql.eval.SqlErrors;
import io.bstack.sql.function.FunctionContext;
import io.bstack.sql.function.RegionStore;
import io.bstack.sql.function.ScalarFunction;
import java.sql.SQLException;
import java.util.List;

/**
 * The region functions: SQL that reserves, grows, reads, writes and frees regions of the database
 * file through the database's allocator, inside the statement's transaction ({@link RegionStore}).
 * A NULL argument gives NULL and does nothing ({@code FREE(NULL)} is a no-op, as C's free). None is
 * deterministic, so none is ever folded; those that change the database declare it, so a query
 * calling one runs as a writing statement.
 *
 * <table>
 * <caption>Functions</caption>
 * <tr><th>call</th><th>result</th></tr>
 * <tr><td>{@code ALLOC(len)}</td><td>a new zero-filled REGION of len bytes</td></tr>
 * <tr><td>{@code REALLOC(h, newLen)}</td><td>the resized (maybe moved) REGION; prefix kept, growth zero, h dead</td></tr>
 * <tr><td>{@code FREE(h)}</td><td>the freed length (BIGINT); h dead</td></tr>
 * <tr><td>{@code REGION_READ(h [, off [, len]])}</td><td>the bytes (VARBINARY) from off (0) to off + len (the end)</td></tr>
 * <tr><td>{@code REGION_WRITE(h, off, bytes)}</td><td>the number of bytes written (BIGINT)</td></tr>
 * <tr><td>{@code REGION_SIZE(h)}</td><td>the length (BIGINT)</td></tr>
 * <tr><td>{@code REGION_FILL(h, off, len, byte)}</td><td>len bytes set to byte (0..255 or -128..127); the count</td></tr>
 * <tr><td>{@code REGION_COPY(src, srcOff, dst, dstOff, len)}</td><td>len bytes copied (overlap allowed); the count</td></tr>
 * </table>
 */
final class RegionFunctions {
    private RegionFunctions() {
    }

    /** What one region function does with its (non-null) arguments. */
    @FunctionalInterface
    interface Body {
        Object apply(Object[] arguments, RegionStore regions) throws SQLException;
    }

    /** A region function: arity, argument kinds ('R' region, 'N' number, 'B' bytes), result type. */
    record RegionFn(String name, int minArguments, int maxArguments, String argumentKinds, ColumnType result,
                    boolean writesDatabase, Body body) implements ScalarFunction {

        @Override
        public ColumnType resultType(List<ColumnType> arguments) throws SQLException {
            for (int i = 0; i < arguments.size(); i++) {
                Kind k = arguments.get(i).kind();
                boolean ok = switch (argumentKinds.charAt(i)) {
                    case 'R' -> k == Kind.REGION || k.isBinary() || k.isString() || k == Kind.NULL;
                    case 'N' -> k.isNumeric() || k.isString() || k == Kind.NULL;
                    default -> k.isBinary() || k.isString() || k == Kind.NULL;
                };
                if (!ok) {
                    throw SqlErrors.typeMismatch(name, arguments.get(i));
                }
            }
            return result;
        }

        @Override
        public Object apply(Object[] arguments) throws SQLException {
            return apply(arguments, FunctionContext.NONE);
        }

        @Override
        public Object apply(Object[] arguments, FunctionContext context) throws SQLException {
            for (Object a : arguments) {
                if (a == null) {
                    return null;
                }
            }
            return body.apply(arguments, context.regions());
        }

        @Override
        public boolean deterministic() {
            return false;
        }
    }

    static Region region(Object v) throws SQLException {
        return (Region) Casts.cast(v, ColumnType.REGION);
    }

    static byte[] bytes(Object v) throws SQLException {
        return (byte[]) Casts.coerce(v, Kind.VARBINARY);
    }

    static List<ScalarFunction> all() {
        return List.of(
                new RegionFn("ALLOC", 1, 1, "N", ColumnType.REGION, true,
                        (a, r) -> r.alloc(Args.bigint(a[0]))),
                new RegionFn("REALLOC", 2, 2, "RN", ColumnType.REGION, true,
                        (a, r) -> r.realloc(region(a[0]), Args.bigint(a[1]))),
                new RegionFn("FREE", 1, 1, "R", ColumnType.BIGINT, true, (a, r) -> {
                    Region h = region(a[0]);
                    r.free(h);
                    return h.len();
                }),
                new RegionFn("REGION_READ", 1, 3, "RNN", ColumnType.VARBINARY, false, (a, r) -> {
                    Region h = region(a[0]);
                    long off = a.length > 1 ? Args.bigint(a[1]) : 0;
                    long len = a.length > 2 ? Args.bigint(a[2]) : Math.max(0, h.len() - off);
                    return r.read(h, off, len);
                }),
                new RegionFn("REGION_WRITE", 3, 3, "RNB", ColumnType.BIGINT, true, (a, r) -> {
                    byte[] b = bytes(a[2]);
                    r.write(region(a[0]), Args.bigint(a[1]), b);
                    return (long) b.length;
                }),
                new RegionFn("REGION_SIZE", 1, 1, "R", ColumnType.BIGINT, false, (a, r) -> r.size(region(a[0]))),
                new RegionFn("REGION_FILL", 4, 4, "RNNN", ColumnType.BIGINT, true, (a, r) -> {
                    long len = Args.bigint(a[2]);
                    r.fill(region(a[0]), Args.bigint(a[1]), len, fillByte(Args.integer(a[3])));
                    return len;
                }),
                new RegionFn("REGION_COPY", 5, 5, "RNRNN", ColumnType.BIGINT, true, (a, r) -> {
                    long len = Args.bigint(a[4]);
                    r.copy(region(a[0]), Args.bigint(a[1]), region(a[2]), Args.bigint(a[3]), len);
                    return len;
                }));
    }

    private static byte fillByte(int v) throws SQLException {
        if (v < -128 || v > 255) {
            throw new java.sql.SQLDataException("REGION_FILL: the byte " + v + " is not in -128..255", "22003");
        }
        return (byte) v;
    }
}
