package io.bstack.btree;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * The bytes of a variable-length row value, the part a length prefix counts and an overflow
 * region holds: VARCHAR as UTF-8 ({@link CodecUtf8}), VARBINARY as is, DECIMAL as its scale
 * (zig-zag varint) then its unscaled value (big-endian two's complement, at least one byte), so the
 * scale is kept exactly. Stateless and thread-safe.
 */
final class RowPayloadCodec {
    private RowPayloadCodec() {
    }

    static byte[] encode(SqlType type, Object v) {
        return switch (type) {
            case VARCHAR -> CodecUtf8.encode((String) v);
            case VARBINARY -> (byte[]) v;
            case DECIMAL -> {
                BigDecimal d = (BigDecimal) v;
                byte[] unscaled = d.unscaledValue().toByteArray();
                CodecSink out = new CodecSink(unscaled.length + 5);
                out.writeZigZag(d.scale());
                out.write(unscaled);
                yield out.toByteArray();
            }
            default -> throw new IllegalArgumentException(type + " is not variable-length");
        };
    }

    static Object decode(SqlType type, byte[] b, int off, int len) throws RecordFormatException {
        return switch (type) {
            case VARCHAR -> CodecUtf8.decode(b, off, len);
            case VARBINARY -> Arrays.copyOfRange(b, off, off + len);
            case DECIMAL -> {
                CodecCursor in = new CodecCursor(b, off, len);
                long scale = in.readZigZag();
                if (scale != (int) scale) {
                    throw new RecordFormatException("DECIMAL scale " + scale + " out of range");
                }
                int n = in.remaining();
                if (n == 0) {
                    throw new RecordFormatException("DECIMAL without unscaled digits");
                }
                yield new BigDecimal(new BigInteger(b, in.position(), n), (int) scale);
            }
            default -> throw new IllegalArgumentException(type + " is not variable-length");
        };
    }
}
