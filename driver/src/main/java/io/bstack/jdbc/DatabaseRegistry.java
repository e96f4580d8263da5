package io.bstack.jdbc;

import io.bstack.sql.Database;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLWarning;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The JVM's open databases: one {@link Database} per file (however the URL spells its path) or per
 * in-memory name, shared by every connection to it. A file database closes when its last
 * connection closes, or {@code closeDelay} ms later ({@code -1}: at {@code SHUTDOWN} or JVM exit);
 * a private {@code mem:} database with its one connection; a named {@code mem:NAME} database lives
 * until {@code SHUTDOWN} or JVM exit, whatever its connections do (pools retire them). At JVM exit
 * every database still open is closed, checkpointed and, in memory, deleted.
 *
 * <p>In-memory databases are BStack files that never sync, in a private directory under
 * {@code /dev/shm} when the machine has one (so they stay in RAM) or the temporary directory.
 *
 * <p>A file database records who holds it in {@code NAME.bstack.owner} (pid, host, since when); a
 * second process that finds the file locked names that holder. The lock itself is the operating
 * system's, released when a process dies: a crash never leaves a stale lock.
 *
 * <p>Thread-safety: all methods are safe from any thread.
 */
final class DatabaseRegistry {
    static final DatabaseRegistry INSTANCE = new DatabaseRegistry();

    private final Map<String, SharedDatabase> open = new HashMap<>();
    private ScheduledExecutorService closer;

    /** In-memory databases live in directories named {@code bstack-mem-<pid>-<random>}. */
    static final String MEMORY_PREFIX = "bstack-mem-";

    private DatabaseRegistry() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::closeAll, "bstack-shutdown"));
        removeOrphans(memoryRoot());
    }

    /** Where in-memory databases live: {@code /dev/shm} when the machine has it (RAM), else the temporary directory. */
    static Path memoryRoot() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * Deletes the in-memory databases of processes that are gone (killed before their shutdown hook
     * could delete them), so crashes do not leak memory in {@code /dev/shm}.
     */
    static void removeOrphans(Path root) {
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.toList()) {
                String name = d.getFileName().toString();
                if (!name.startsWith(MEMORY_PREFIX) || !Files.isDirectory(d)) {
                    continue;
                }
                String rest = name.substring(MEMORY_PREFIX.length());
                int dash = rest.indexOf('-');
                try {
                    long pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
                    if (ProcessHandle.of(pid).isEmpty()) {
                        deleteTree(d);
                    }
                } catch (NumberFormatException e) {
                    // not one of ours
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: a directory we cannot list or delete is left as it is
        }
    }

    /** What makes a connection on an attached database. */
    @FunctionalInterface
    interface ConnectionFactory {
        BStackConnection make(SharedDatabase shared) throws SQLException;
    }

    /**
     * Makes a connection with {@code factory} on the database {@code config} names, opening the
     * database first when needed (and closing it again when the connection cannot be made).
     */
    synchronized BStackConnection attach(ConnectionConfig config, List<SQLWarning> warnings, ConnectionFactory factory)
            throws SQLException {
        String key = switch (config.kind()) {
            case FILE -> config.file().toString();
            case NAMED_MEMORY -> "mem:" + config.memoryName();
            case PRIVATE_MEMORY -> "mem:#" + UUID.randomUUID();
        };
        SharedDatabase shared = open.get(key);
        if (shared == null) {
            shared = openDatabase(key, config);
            open.put(key, shared);
            if (config.given(Option.ALLOCATOR) && shared.db.allocatorKind() != config.allocator()) {
                warnings.add(new SQLWarning("database " + key + " was created with allocator "
                        + shared.db.allocatorKind().name().toLowerCase(java.util.Locale.ROOT) + "; allocator="
                        + config.get(Option.ALLOCATOR) + " applies only when a database is created", "01000"));
            }
        } else {
            for (Map.Entry<Option, String> e : config.databaseOptions().entrySet()) {
                String first = shared.options.getOrDefault(e.getKey(), e.getKey().defaultValue());
                if (!first.equalsIgnoreCase(e.getValue())) {
                    warnings.add(new SQLWarning("database " + key + " is already open with " + e.getKey().key() + "="
                            + first + "; " + e.getKey().key() + "=" + e.getValue() + " is ignored", "01000"));
                }
            }
        }
        if (shared.pendingClose != null) {
            shared.pendingClose.cancel(false);
            shared.pendingClose = null;
        }
        BStackConnection connection;
        try {
            connection = factory.make(shared);
        } catch (SQLException | RuntimeException e) {
            if (shared.connections().isEmpty() && shared.kind != ConnectionConfig.Kind.NAMED_MEMORY) {
                close(shared);
            }
            throw e;
        }
        shared.connections().add(connection);
        return connection;
    }

    private SharedDatabase openDatabase(String key, ConnectionConfig config) throws SQLException {
        Path dir = null;
        Path file = config.file();
        if (config.kind() != ConnectionConfig.Kind.FILE) {
            try {
                dir = Files.createTempDirectory(memoryRoot(), MEMORY_PREFIX + ProcessHandle.current().pid() + "-");
            } catch (IOException e) {
                throw new SQLNonTransientConnectionException("cannot make room for in-memory database " + key + ": " + e,
                        "08001", e);
            }
            String name = config.kind() == ConnectionConfig.Kind.NAMED_MEMORY ? config.memoryName() : "private";
            file = dir.resolve(name.replaceAll("[^A-Za-z0-9_.-]", "_") + ConnectionConfig.EXTENSION);
        }
        Database db;
        try {
            db = Database.open(file, config.txOptions(), config.allocator());
        } catch (SQLException e) {
            deleteTree(dir);
            if (e.getMessage() != null && e.getMessage().contains("in use by another process")) {
                throw new SQLNonTransientConnectionException(e.getMessage() + holder(file), "08001", e);
            }
            throw e;
        }
        try {
            db.maxRegionSize(config.maxRegionSize());
        } catch (SQLException e) {
            db.close();
            deleteTree(dir);
            throw e;
        }
        if (dir == null) {
            writeOwner(file);
        }
        SharedDatabase shared = new SharedDatabase(key, config, db, dir);
        db.onShutdown(d -> shutdown(shared));
        return shared;
    }

    /** Removes {@code connection}; closes the database when the rules above say so. */
    synchronized void detach(SharedDatabase shared, BStackConnection connection) {
        shared.connections().remove(connection);
        if (!shared.connections().isEmpty() || shared.closed) {
            return;
        }
        switch (shared.kind) {
            case PRIVATE_MEMORY -> close(shared);
            case NAMED_MEMORY -> {
                // lives until SHUTDOWN or JVM exit
            }
            case FILE -> {
                long delay = shared.closeDelayMillis;
                if (delay == 0) {
                    close(shared);
                } else if (delay > 0) {
                    shared.pendingClose = closer().schedule(() -> closeIfUnused(shared), delay, TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    private synchronized void closeIfUnused(SharedDatabase shared) {
        if (shared.connections().isEmpty() && !shared.closed) {
            close(shared);
        }
    }

    /** {@code SHUTDOWN}: closes every connection to the database, then the database. */
    void shutdown(SharedDatabase shared) {
        List<BStackConnection> connections;
        synchronized (this) {
            if (shared.closed) {
                return;
            }
            shared.closed = true;
            connections = new ArrayList<>(shared.connections());
        }
        for (BStackConnection c : connections) {
            c.closeAfterShutdown();
        }
        synchronized (this) {
            close(shared);
        }
    }

    /** Whether a database is open under {@code key} (tests). */
    synchronized boolean isOpen(String key) {
        return open.containsKey(key);
    }

    private void close(SharedDatabase shared) {
        shared.closed = true;
        open.remove(shared.key, shared);
        try {
            shared.db.close();
        } catch (SQLException e) {
            System.getLogger("io.bstack.jdbc").log(System.Logger.Level.WARNING, "closing " + shared.key + " failed", e);
        }
        if (shared.memoryDirectory != null) {
            deleteTree(shared.memoryDirectory);
        } else {
            try {
                Files.deleteIfExists(ownerFile(shared.db.file()));
            } catch (IOException e) {
                // the next opener overwrites it
            }
        }
    }

    private synchronized void closeAll() {
        for (SharedDatabase shared : new ArrayList<>(open.values())) {
            for (BStackConnection c : new ArrayList<>(shared.connections())) {
                c.closeAfterShutdown();
            }
            close(shared);
        }
    }

    private synchronized ScheduledExecutorService closer() {
        if (closer == null) {
            closer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "bstack-close-delay");
                t.setDaemon(true);
                return t;
            });
        }
        return closer;
    }

    static Path ownerFile(Path db) {
        return db.resolveSibling(db.getFileName() + ".owner");
    }

    private static void writeOwner(Path db) {
        String text = "pid " + ProcessHandle.current().pid() + " on host " + host() + " since " + Instant.now() + " ("
                + ManagementFactory.getRuntimeMXBean().getName() + ")";
        try {
            Files.writeString(ownerFile(db), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // only the error message of a later, refused opener loses detail
        }
    }

    private static String holder(Path db) {
        try {
            return "; it is held by " + Files.readString(ownerFile(db), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary directory: the system cleans it eventually
        }
    }
}
