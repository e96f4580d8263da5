package io.bstack.btree;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The order-preserving, prefix-free key form of a {@link BigDecimal} (after SQLite4's): the value
 * is normalised ({@link BigDecimal#stripTrailingZeros}) to {@code ±0.d1d2…dn × 10^E} with
 * {@code d1 ≠ 0, dn ≠ 0}, so 1.0 and 1.00 encode identically and decode as {@code 1}.
 * Decoding gives the value with the smallest scale, i.e. {@link BigDecimal#stripTrailingZeros}
 * (except that a scale below {@link Integer#MIN_VALUE} is avoided by keeping zero digits).
 * Stateless and thread-safe.
 *
 * <table>
 * <caption>Layout (ascending, before any DESC inversion)</caption>
 * <tr><th>value</th><th>bytes</th></tr>
 * <tr><td>negative</td><td>0x01, then every byte of the positive form of |x| (exponent ‖ mantissa) inverted</td></tr>
 * <tr><td>zero</td><td>0x02</td></tr>
 * <tr><td>positive</td><td>0x03 ‖ exponent E ‖ mantissa</td></tr>
 * </table>
 *
 * <table>
 * <caption>Exponent E (a long), order-preserving and self-delimiting</caption>
 * <tr><th>E</th><th>bytes</th></tr>
 * <tr><td>-120..119</td><td>one byte E + 128 (0x08..0xF7)</td></tr>
 * <tr><td>≥ 120</td><td>0xF7 + n, then u = E - 120 big-endian in its minimal n (1..8) bytes</td></tr>
 * <tr><td>&lt; -120</td><td>0x08 - n, then ~u (u = -121 - E) in n (1..8) bytes</td></tr>
 * </table>
 *
 * <p>Mantissa: the digits in pairs (the last pair padded with a 0 digit), each pair p (0..99)
 * as one byte 2p+1, except the last as 2p. The even last byte ends the value, and a shorter
 * mantissa whose pairs equal a longer one's prefix sorts first, as its value is smaller.
 */
final class KeyDecimalCodec {
    private static final int TAG_NEGATIVE = 0x01;
    private static final int TAG_ZERO = 0x02;
    private static final int TAG_POSITIVE = 0x03;
    /** Far beyond any BigDecimal's exponent (|E| &lt; 2^33), so decoding never overflows a long. */
    private static final long MAX_EXPONENT_MAGNITUDE = 1L << 40;
    /**
     * Normalising can push a scale below {@link Integer#MIN_VALUE} (unscaled 10, scale MIN_VALUE);
     * such a value decodes at scale MIN_VALUE with zeros put back, at most this many (larger
     * magnitudes are refused by the encoder, and by the decoder as damage, to bound its work).
     */
    private static final int MAX_SCALE_PADDING = 4096;

    private KeyDecimalCodec() {
    }

    static void encode(BigDecimal value, CodecSink sink) {
        int sign = value.signum();
        if (sign == 0) {
            sink.write(TAG_ZERO);
            return;
        }
        String digits = value.unscaledValue().abs().toString();
        long exponent = (long) digits.length() - value.scale();
        int n = digits.length();
        while (digits.charAt(n - 1) == '0') {
            n--;
        }
        if (n - exponent < (long) Integer.MIN_VALUE - MAX_SCALE_PADDING) {
            throw new IllegalArgumentException("DECIMAL " + value.unscaledValue().bitLength() + "-bit unscaled at scale "
                    + value.scale() + " is beyond what a key can carry (about 10^(2^31 + " + MAX_SCALE_PADDING + "))");
        }
        sink.write(sign < 0 ? TAG_NEGATIVE : TAG_POSITIVE);
        int from = sink.size();
        writeExponent(exponent, sink);
        for (int k = 0; k < n; k += 2) {
            int pair = (digits.charAt(k) - '0') * 10 + (k + 1 < n ? digits.charAt(k + 1) - '0' : 0);
            sink.write(k + 2 >= n ? 2 * pair : 2 * pair + 1);
        }
        if (sign < 0) {
            sink.invertFrom(from);
        }
    }

    static BigDecimal decode(CodecCursor in, boolean columnInverted) throws RecordFormatException {
        int tag = in.readUnsignedByte();
        if (tag == TAG_ZERO) {
            return BigDecimal.ZERO;
        }
        if (tag != TAG_NEGATIVE && tag != TAG_POSITIVE) {
            throw new RecordFormatException("DECIMAL key tag 0x" + Integer.toHexString(tag));
        }
        boolean negative = tag == TAG_NEGATIVE;
        in.inverted(columnInverted ^ negative);
        try {
            long exponent = readExponent(in);
            StringBuilder digits = new StringBuilder();
            int b;
            do {
                b = in.readUnsignedByte();
                if (b > 199) {
                    throw new RecordFormatException("DECIMAL key digit byte " + b);
                }
                int pair = b >> 1;
                digits.append((char) ('0' + pair / 10)).append((char) ('0' + pair % 10));
            } while ((b & 1) == 1);
            if (digits.charAt(digits.length() - 1) == '0') {
                digits.setLength(digits.length() - 1);
            }
            if (digits.charAt(0) == '0' || digits.charAt(digits.length() - 1) == '0') {
                throw new RecordFormatException("DECIMAL key mantissa " + digits + " is not normalised");
            }
            long scale = digits.length() - exponent;
            if (scale > Integer.MAX_VALUE || scale < (long) Integer.MIN_VALUE - MAX_SCALE_PADDING) {
                throw new RecordFormatException("DECIMAL key exponent " + exponent + " out of range");
            }
            if (scale < Integer.MIN_VALUE) {
                digits.repeat('0', (int) (Integer.MIN_VALUE - scale));
                scale = Integer.MIN_VALUE;
            }
            BigDecimal abs = new BigDecimal(new BigInteger(digits.toString()), (int) scale);
            return negative ? abs.negate() : abs;
        } finally {
            in.inverted(columnInverted);
        }
    }

    private static void writeExponent(long e, CodecSink sink) {
        if (e >= -120 && e < 120) {
            sink.write((int) e + 128);
        } else if (e >= 120) {
            long u = e - 120;
            int n = byteWidth(u);
            sink.write(0xF7 + n);
            sink.writeBigEndian(u, n);
        } else {
            long u = -121 - e;
            int n = byteWidth(u);
            sink.write(0x08 - n);
            sink.writeBigEndian(~u, n);
        }
    }

    private static long readExponent(CodecCursor in) throws RecordFormatException {
        int b0 = in.readUnsignedByte();
        if (b0 >= 0x08 && b0 <= 0xF7) {
            return b0 - 128;
        }
        boolean high = b0 > 0xF7;
        int n = high ? b0 - 0xF7 : 0x08 - b0;
        long raw = in.readBigEndian(n);
        long u = high ? raw : ~raw & (n == 8 ? -1L : (1L << (8 * n)) - 1);
        if (u < 0 || u > MAX_EXPONENT_MAGNITUDE || byteWidth(u) != n) {
            throw new RecordFormatException("DECIMAL key exponent is not in canonical form");
        }
        return high ? 120 + u : -121 - u;
    }

    private static int byteWidth(long u) {
        return Math.max(1, (64 - Long.numberOfLeadingZeros(u) + 7) / 8);
    }
}
