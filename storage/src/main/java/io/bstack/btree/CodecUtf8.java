package io.bstack.btree;

/**
 * Strings as UTF-8 whose byte order is code point order. Unlike {@code String.getBytes(UTF_8)},
 * an unpaired surrogate is not replaced by '?' but kept as the 3-byte sequence of its value
 * (the "WTF-8" generalisation), so every Java string round-trips exactly and still orders by
 * code point. The decoder refuses overlong forms, values past U+10FFFF, bad continuation bytes,
 * and an encoded high surrogate followed by an encoded low one (the encoder writes a pair as one
 * 4-byte sequence). Stateless and thread-safe.
 *
 * <table>
 * <caption>Byte forms</caption>
 * <tr><th>code point</th><th>bytes</th></tr>
 * <tr><td>U+0000..U+007F</td><td>0xxxxxxx</td></tr>
 * <tr><td>U+0080..U+07FF</td><td>110xxxxx 10xxxxxx</td></tr>
 * <tr><td>U+0800..U+FFFF (incl. lone surrogates)</td><td>1110xxxx 10xxxxxx 10xxxxxx</td></tr>
 * <tr><td>U+10000..U+10FFFF</td><td>11110xxx 10xxxxxx 10xxxxxx 10xxxxxx</td></tr>
 * </table>
 */
final class CodecUtf8 {
    private CodecUtf8() {
    }

    static byte[] encode(String s) {
        CodecSink sink = new CodecSink(s.length() + 8);
        encode(s, sink, false);
        return sink.toByteArray();
    }

    /** Writes {@code s}; with {@code escapeZero}, each 0x00 byte becomes 0x00 0xFF (key form). */
    static void encode(String s, CodecSink sink, boolean escapeZero) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                sink.write(cp);
                if (cp == 0 && escapeZero) {
                    sink.write(0xFF);
                }
            } else if (cp < 0x800) {
                sink.write(0xC0 | (cp >>> 6));
                sink.write(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                sink.write(0xE0 | (cp >>> 12));
                sink.write(0x80 | ((cp >>> 6) & 0x3F));
                sink.write(0x80 | (cp & 0x3F));
            } else {
                sink.write(0xF0 | (cp >>> 18));
                sink.write(0x80 | ((cp >>> 12) & 0x3F));
                sink.write(0x80 | ((cp >>> 6) & 0x3F));
                sink.write(0x80 | (cp & 0x3F));
            }
        }
    }

    static String decode(byte[] b) throws RecordFormatException {
        return decode(b, 0, b.length);
    }

    static String decode(byte[] b, int off, int len) throws RecordFormatException {
        StringBuilder out = new StringBuilder(len);
        int end = off + len;
        boolean afterLoneHigh = false;
        int i = off;
        while (i < end) {
            int b0 = b[i] & 0xFF;
            int cp;
            int n;
            if (b0 < 0x80) {
                cp = b0;
                n = 1;
            } else if (b0 >= 0xC2 && b0 < 0xE0) {
                cp = b0 & 0x1F;
                n = 2;
            } else if (b0 >= 0xE0 && b0 < 0xF0) {
                cp = b0 & 0x0F;
                n = 3;
            } else if (b0 >= 0xF0 && b0 < 0xF5) {
                cp = b0 & 0x07;
                n = 4;
            } else {
                throw bad(i, "lead byte 0x" + Integer.toHexString(b0));
            }
            if (i + n > end) {
                throw bad(i, "truncated sequence");
            }
            for (int k = 1; k < n; k++) {
                int c = b[i + k] & 0xFF;
                if ((c & 0xC0) != 0x80) {
                    throw bad(i + k, "continuation byte 0x" + Integer.toHexString(c));
                }
                cp = (cp << 6) | (c & 0x3F);
            }
            if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
                throw bad(i, "overlong or out-of-range sequence");
            }
            if (afterLoneHigh && Character.isLowSurrogate((char) cp) && n == 3) {
                throw bad(i, "surrogate pair written as two sequences");
            }
            afterLoneHigh = n == 3 && Character.isHighSurrogate((char) cp);
            out.appendCodePoint(cp);
            i += n;
        }
        return out.toString();
    }

    private static RecordFormatException bad(int at, String what) {
        return new RecordFormatException("invalid UTF-8 at byte " + at + ": " + what);
    }
}
