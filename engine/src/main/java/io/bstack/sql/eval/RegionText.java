package io.bstack.sql.eval;

import io.bstack.alloc.Region;
import io.bstack.stack.BStackInvalidInputException;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The readable form of a {@code REGION} value, {@code REGION(offset=4096,len=100)}, and the
 * conversions into one: from that text (spaces and case ignored), from its 16-byte encoding
 * ({@code offset u64 LE ‖ len u64 LE}) or from a region. Anything else is {@code 22018}.
 * A converted value is only a coordinate: whether it is a live region is checked where it is used.
 */
public final class RegionText {
    private static final Pattern TEXT = Pattern.compile(
            "\\s*REGION\\s*\\(\\s*OFFSET\\s*=\\s*(\\d{1,19})\\s*,\\s*LEN\\s*=\\s*(\\d{1,19})\\s*\\)\\s*",
            Pattern.CASE_INSENSITIVE);

    private RegionText() {
    }

    /** @return {@code REGION(offset=O,len=L)} */
    public static String format(Region r) {
        return "REGION(offset=" + r.offset() + ",len=" + r.len() + ")";
    }

    /** @return {@code value} as a region (CAST to REGION) */
    static Region toRegion(Object value, ColumnType to) throws SQLException {
        return switch (value) {
            case Region r -> r;
            case byte[] b -> {
                try {
                    yield Region.fromBytes(b);
                } catch (BStackInvalidInputException e) {
                    throw SqlErrors.invalidCharacterValue(value, to);
                }
            }
            case String s -> {
                Matcher m = TEXT.matcher(s);
                if (!m.matches()) {
                    throw SqlErrors.invalidCharacterValue(s, to);
                }
                try {
                    yield new Region(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
                } catch (IllegalArgumentException e) {
                    throw SqlErrors.invalidCharacterValue(s, to);
                }
            }
            default -> throw SqlErrors.impossibleConversion(Casts.typeOf(value), to);
        };
    }
}
