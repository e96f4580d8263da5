package io.bstack.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws the regions of a database file as a grid of cells, each cell one slice of
 * {@code cellBytes} bytes shown by the character of whoever holds most of it: {@code .} free,
 * {@code H} the file's header, a letter per owner (a table, an index, the catalog...) in the order
 * they first appear, a blank for bytes no region lists. A legend gives each character's owner, bytes
 * and share; the figures below it show fragmentation: free regions, free bytes, the largest free
 * region, and {@code 1 - largest / free} (0 % when the free space is one region).
 *
 * <p>The input is the contract of {@code INFORMATION_SCHEMA.FILE_MAP}: rows of start offset, length,
 * state ({@code USED}, {@code FREE} or {@code HEADER}) and owner (null when free). Stateless.
 */
final class RegionMap {

    /** One row of FILE_MAP. */
    record Region(long start, long length, String state, String owner) {}

    static final char FREE = '.';
    static final char HEADER = 'H';
    static final char UNLISTED = ' ';
    private static final String SYMBOLS = "ABCDEFGIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int[] COLOURS = {41, 42, 43, 44, 45, 46, 101, 102, 103, 104, 105, 106};
    /** The most rows the grid takes when the cell size is chosen for it. */
    static final int AUTO_ROWS = 16;

    private RegionMap() {
    }

    /**
     * The map of {@code regions} as lines of text.
     *
     * @param columns   cells per grid row (at least 8)
     * @param cellBytes bytes per cell, or 0 to choose a power of two that fits the file in
     *                  {@value #AUTO_ROWS} rows
     * @param color     whether to colour the cells with ANSI backgrounds
     */
    static List<String> render(List<Region> regions, int columns, long cellBytes, boolean color) {
        List<String> out = new ArrayList<>();
        long end = 0;
        for (Region r : regions) {
            end = Math.max(end, r.start() + r.length());
        }
        if (end == 0) {
            out.add("the file holds no regions");
            return out;
        }
        columns = Math.max(8, columns);
        long cell = cellBytes > 0 ? cellBytes : autoCell(end, columns);
        int cells = (int) Math.min(Integer.MAX_VALUE - 8, (end + cell - 1) / cell);

        Map<String, Integer> categories = new LinkedHashMap<>();
        Map<String, Long> totals = new LinkedHashMap<>();
        for (Region r : regions) {
            String key = key(r);
            categories.putIfAbsent(key, categories.size());
            totals.merge(key, r.length(), Long::sum);
        }
        long[][] bytes = new long[cells][];
        for (Region r : regions) {
            int cat = categories.get(key(r));
            long from = r.start();
            long to = r.start() + r.length();
            for (long c = from / cell; c < cells && c * cell < to; c++) {
                long overlap = Math.min(to, (c + 1) * cell) - Math.max(from, c * cell);
                if (bytes[(int) c] == null) {
                    bytes[(int) c] = new long[categories.size()];
                }
                bytes[(int) c][cat] += overlap;
            }
        }
        List<String> keys = new ArrayList<>(categories.keySet());
        Map<String, Character> symbols = symbols(keys);

        out.add(String.format(Locale.ROOT, "%s in cells of %s (%d cells)", size(end), size(cell), cells));
        int offsetWidth = Long.toHexString(end).length();
        for (int row = 0; row * columns < cells; row++) {
            StringBuilder line = new StringBuilder(String.format("%0" + offsetWidth + "x ", row * columns * cell));
            for (int c = row * columns; c < Math.min(cells, (row + 1) * columns); c++) {
                String key = dominant(bytes[c], keys);
                char s = key == null ? UNLISTED : symbols.get(key);
                line.append(color ? paint(s, key, keys) : String.valueOf(s));
            }
            out.add(line.toString());
        }
        out.add("");
        for (String key : keys) {
            long b = totals.get(key);
            out.add(String.format(Locale.ROOT, "  %s  %-32s %10s %6.1f%%", color ? paint(symbols.get(key), key, keys)
                    : String.valueOf(symbols.get(key)), label(key), size(b), 100.0 * b / end));
        }
        out.add(fragmentation(regions, end));
        return out;
    }

    /** The category of a region: its state for free and header bytes, its owner for used ones. */
    private static String key(Region r) {
        if ("FREE".equalsIgnoreCase(r.state())) {
            return "FREE";
        }
        if ("HEADER".equalsIgnoreCase(r.state())) {
            return "HEADER";
        }
        return "USED " + (r.owner() == null ? "(no owner)" : r.owner());
    }

    private static String label(String key) {
        return switch (key) {
            case "FREE" -> "free";
            case "HEADER" -> "file header";
            default -> key.substring("USED ".length());
        };
    }

    private static Map<String, Character> symbols(List<String> keys) {
        Map<String, Character> out = new LinkedHashMap<>();
        int next = 0;
        for (String k : keys) {
            char s = switch (k) {
                case "FREE" -> FREE;
                case "HEADER" -> HEADER;
                default -> next < SYMBOLS.length() ? SYMBOLS.charAt(next++) : '#';
            };
            out.put(k, s);
        }
        return out;
    }

    private static String dominant(long[] bytes, List<String> keys) {
        if (bytes == null) {
            return null;
        }
        int best = -1;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] > 0 && (best < 0 || bytes[i] > bytes[best])) {
                best = i;
            }
        }
        return best < 0 ? null : keys.get(best);
    }

    private static String paint(char s, String key, List<String> keys) {
        if (key == null || key.equals("FREE")) {
            return String.valueOf(s);
        }
        int colour = key.equals("HEADER") ? 47 : COLOURS[keys.indexOf(key) % COLOURS.length];
        return "\u001b[30;" + colour + "m" + s + "\u001b[0m";
    }

    private static long autoCell(long end, int columns) {
        long target = (end + (long) columns * AUTO_ROWS - 1) / ((long) columns * AUTO_ROWS);
        long cell = 1;
        while (cell < target) {
            cell <<= 1;
        }
        return cell;
    }

    /** The fragmentation figures of the free regions (adjacent free regions count as one). */
    static String fragmentation(List<Region> regions, long end) {
        long free = 0;
        long largest = 0;
        long holes = 0;
        long run = 0;
        long runEnd = -1;
        for (Region r : regions) {
            boolean isFree = "FREE".equalsIgnoreCase(r.state());
            if (isFree && r.start() == runEnd && run > 0) {
                run += r.length();
            } else if (isFree) {
                holes++;
                run = r.length();
            } else {
                run = 0;
            }
            if (isFree) {
                free += r.length();
                largest = Math.max(largest, run);
                runEnd = r.start() + r.length();
            }
        }
        if (free == 0) {
            return "free: none (" + size(end) + " all in use)";
        }
        return String.format(Locale.ROOT, "free: %s in %d region%s (%.1f%% of the file), largest %s,"
                + " fragmentation %.0f%%", size(free), holes, holes == 1 ? "" : "s", 100.0 * free / end, size(largest),
                100.0 * (1 - (double) largest / free));
    }

    /** A byte count for people: B, KiB, MiB, GiB. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
