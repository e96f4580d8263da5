package io.bstack.shell;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV as the shell reads and writes it (RFC 4180): fields separated by commas, a field quoted with
 * {@code "} when it holds a comma, quote, line break or leading/trailing blank or is empty, a quote
 * inside doubled. SQL NULL is an empty unquoted field, the empty string an empty quoted one
 * ({@code ""}), so both survive a round trip. Lines end in {@code \n}; {@code \r\n} is read too.
 *
 * <p>A {@link Csv} instance reads records from one reader; not thread-safe.
 */
final class Csv {
    private final Reader in;
    private int peeked = -2;
    private long line = 1;

    /** A reader of the records in {@code in}. */
    Csv(Reader in) {
        this.in = in;
    }

    /** One record as a line of CSV, with its line end; a null element is written as NULL (empty, unquoted). */
    static String line(List<String> fields) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            String f = fields.get(i);
            if (f == null) {
                continue;
            }
            boolean quote = f.isEmpty() || !f.strip().equals(f);
            for (int k = 0; k < f.length() && !quote; k++) {
                char c = f.charAt(k);
                quote = c == ',' || c == '"' || c == '\n' || c == '\r';
            }
            b.append(quote ? '"' + f.replace("\"", "\"\"") + '"' : f);
        }
        return b.append('\n').toString();
    }

    /** The line the next record starts on (1-based), for error messages. */
    long line() {
        return line;
    }

    /**
     * The next record's fields (null for an empty unquoted field), or null at the end of the input.
     *
     * @throws IOException when reading fails, or a quoted field is not closed before the end
     */
    List<String> next() throws IOException {
        int c = read();
        if (c < 0) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        while (true) {
            if (c == '"' && field.isEmpty() && !quoted) {
                quoted = true;
                long startLine = line;
                while (true) {
                    int q = read();
                    if (q < 0) {
                        throw new IOException("a quoted field that starts on line " + startLine + " is not closed");
                    }
                    if (q == '"') {
                        if (peek() == '"') {
                            read();
                            field.append('"');
                        } else {
                            break;
                        }
                    } else {
                        if (q == '\n') {
                            line++;
                        }
                        field.append((char) q);
                    }
                }
                c = read();
                continue;
            }
            if (c < 0 || c == ',' || c == '\n' || c == '\r') {
                fields.add(field.isEmpty() && !quoted ? null : field.toString());
                field.setLength(0);
                quoted = false;
                if (c == ',') {
                    c = read();
                    continue;
                }
                if (c == '\r' && peek() == '\n') {
                    read();
                }
                if (c >= 0) {
                    line++;
                }
                return fields;
            }
            field.append((char) c);
            c = read();
        }
    }

    private int read() throws IOException {
        if (peeked != -2) {
            int c = peeked;
            peeked = -2;
            return c;
        }
        return in.read();
    }

    private int peek() throws IOException {
        if (peeked == -2) {
            peeked = in.read();
        }
        return peeked;
    }
}
