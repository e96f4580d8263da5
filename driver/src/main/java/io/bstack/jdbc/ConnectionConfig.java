package io.bstack.jdbc;

import io.bstack.sql.AllocatorKind;
import io.bstack.sql.function.FunctionClassAllowlist;
import io.bstack.tx.Durability;
import io.bstack.tx.TxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * What a {@code jdbc:bstack:} URL and its properties ask for: where the database is (a file, a
 * private in-memory database, a named one shared inside the JVM) and the {@link Option}s. Options
 * come from the URL ({@code ;key=value}) and from a {@code Properties} object (never modified); a
 * key given both ways with different values is refused. Immutable.
 *
 * <p>URLs: {@code jdbc:bstack:PATH} and {@code jdbc:bstack:file:PATH} (relative to the working
 * directory, absolute, or under {@code ~}; {@code .bstack} appended when the name lacks it),
 * {@code jdbc:bstack:mem:} (private to one connection) and {@code jdbc:bstack:mem:NAME} (shared by
 * the JVM's connections until {@code SHUTDOWN} or JVM exit).
 *
 * <p>Errors: a malformed URL, an unknown key or a bad value is a {@code SQLException} with SQLState
 * {@code HY024} that lists what is valid.
 */
final class ConnectionConfig {
    static final String PREFIX = "jdbc:bstack:";
    static final String EXTENSION = ".bstack";

    /** Where the database lives. */
    enum Kind { FILE, PRIVATE_MEMORY, NAMED_MEMORY }

    private final String url;
    private final Kind kind;
    private final Path file; // FILE only
    private final String memoryName; // NAMED_MEMORY only
    private final Map<Option, String> options;

    private ConnectionConfig(String url, Kind kind, Path file, String memoryName, Map<Option, String> options) {
        this.url = url;
        this.kind = kind;
        this.file = file;
        this.memoryName = memoryName;
        this.options = Collections.unmodifiableMap(options);
    }

    static boolean accepts(String url) {
        return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /** Parses {@code url} with {@code info} (may be null). */
    static ConnectionConfig parse(String url, Properties info) throws SQLException {
        if (!accepts(url)) {
            throw new SQLException("not a BStack DB URL: " + url + " (expected " + PREFIX + "PATH, " + PREFIX
                    + "mem: or " + PREFIX + "mem:NAME, then ;key=value options)", "HY024");
        }
        String rest = url.substring(PREFIX.length());
        int semi = rest.indexOf(';');
        String location = (semi < 0 ? rest : rest.substring(0, semi)).trim();
        Map<Option, String> options = new EnumMap<>(Option.class);
        if (semi >= 0) {
            for (String part : rest.substring(semi + 1).split(";")) {
                if (part.isBlank()) {
                    continue;
                }
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new SQLException("option \"" + part + "\" in " + url + " is not key=value; valid keys are "
                            + Option.keys(), "HY024");
                }
                Option o = Option.of(part.substring(0, eq));
                if (options.containsKey(o)) {
                    throw new SQLException("option " + o.key() + " is given twice in " + url, "HY024");
                }
                options.put(o, o.check(part.substring(eq + 1)));
            }
        }
        if (info != null) {
            for (String key : info.stringPropertyNames()) {
                Option o = Option.of(key);
                String v = o.check(info.getProperty(key));
                String fromUrl = options.get(o);
                if (fromUrl != null && !fromUrl.equalsIgnoreCase(v) && o != Option.USER && o != Option.PASSWORD) {
                    throw new SQLException("option " + o.key() + " is " + fromUrl + " in the URL but " + v
                            + " in the properties", "HY024");
                }
                options.putIfAbsent(o, v);
            }
        }
        if (location.regionMatches(true, 0, "mem:", 0, 4)) {
            String name = location.substring(4).trim();
            return name.isEmpty() ? new ConnectionConfig(url, Kind.PRIVATE_MEMORY, null, null, options)
                    : new ConnectionConfig(url, Kind.NAMED_MEMORY, null, name, options);
        }
        if (location.regionMatches(true, 0, "file:", 0, 5)) {
            location = location.substring(5).trim();
        }
        if (location.isEmpty()) {
            throw new SQLException("the URL " + url + " names no database: give a path, mem: or mem:NAME", "HY024");
        }
        return new ConnectionConfig(url, Kind.FILE, path(location, url), null, options);
    }

    private static Path path(String location, String url) throws SQLException {
        String p = location;
        if (p.equals("~") || p.startsWith("~/") || p.startsWith("~\\")) {
            p = System.getProperty("user.home") + p.substring(1);
        }
        try {
            Path path = Path.of(p);
            if (!path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(EXTENSION)) {
                path = path.resolveSibling(path.getFileName() + EXTENSION);
            }
            path = path.toAbsolutePath().normalize();
            if (Files.exists(path)) {
                path = path.toRealPath(); // one database per file, however it is reached
            }
            return path;
        } catch (InvalidPathException | IOException e) {
            throw new SQLException("the URL " + url + " names no usable path: " + e.getMessage(), "HY024", e);
        }
    }

    String url() {
        return url;
    }

    Kind kind() {
        return kind;
    }

    /** The database file (FILE only). */
    Path file() {
        return file;
    }

    /** The shared in-memory database's name (NAMED_MEMORY only). */
    String memoryName() {
        return memoryName;
    }

    /** The option's value, or its default. */
    String get(Option o) {
        return options.getOrDefault(o, o.defaultValue());
    }

    /** Whether the option was given (URL or properties). */
    boolean given(Option o) {
        return options.containsKey(o);
    }

    boolean readOnly() {
        return Boolean.parseBoolean(get(Option.READ_ONLY));
    }

    /** The classes this connection's SQL may name in user functions (checked when parsed). */
    FunctionClassAllowlist functionClasses() throws SQLException {
        return FunctionClassAllowlist.parse(get(Option.FUNCTION_CLASSES));
    }

    Duration lockTimeout() {
        return Duration.ofMillis(Long.parseLong(get(Option.LOCK_TIMEOUT)));
    }

    long closeDelayMillis() {
        return Long.parseLong(get(Option.CLOSE_DELAY));
    }

    /** The allocator a database created by this connection gets. */
    AllocatorKind allocator() {
        return AllocatorKind.named(get(Option.ALLOCATOR));
    }

    /** The largest region SQL may allocate in a database this connection opens. */
    long maxRegionSize() {
        return Long.parseLong(get(Option.MAX_REGION_SIZE));
    }

    /** The store options these settings give; in-memory databases never sync. */
    TxOptions txOptions() {
        Durability d = kind != Kind.FILE ? Durability.OFF : switch (get(Option.SYNC)) {
            case "normal" -> Durability.NORMAL;
            case "off" -> Durability.OFF;
            default -> Durability.FULL;
        };
        return TxOptions.defaults().withDurability(d).withPageSize(Integer.parseInt(get(Option.PAGE_SIZE)))
                .withPoolBytes(Long.parseLong(get(Option.CACHE_SIZE)) * 1024)
                .withCreateIfMissing(kind != Kind.FILE || Boolean.parseBoolean(get(Option.CREATE_IF_MISSING)));
    }

    /** The options that shape the database itself (not one connection), as given. */
    Map<Option, String> databaseOptions() {
        Map<Option, String> out = new EnumMap<>(Option.class);
        for (Option o : new Option[] {Option.SYNC, Option.ALLOCATOR, Option.PAGE_SIZE, Option.CACHE_SIZE,
            Option.CLOSE_DELAY, Option.MAX_REGION_SIZE}) {
            if (options.containsKey(o)) {
                out.put(o, options.get(o));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return kind == Kind.FILE ? file.toString() : kind == Kind.NAMED_MEMORY ? "mem:" + memoryName : "mem:";
    }
}
