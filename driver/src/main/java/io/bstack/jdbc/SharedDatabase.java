package io.bstack.jdbc;

import io.bstack.sql.Database;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

/**
 * One open database and the connections that use it, as {@link DatabaseRegistry} shares it inside
 * the JVM. Thread-safety: the registry's lock guards the connection set's membership changes and
 * {@link #pendingClose}; {@link #connections()} may be read from any thread.
 */
final class SharedDatabase {
    final String key;
    final ConnectionConfig.Kind kind;
    final Database db;
    final Map<Option, String> options; // what the first opener asked for
    final Path memoryDirectory; // in-memory databases: the private directory their file lives in
    final long closeDelayMillis;
    private final Set<BStackConnection> connections = ConcurrentHashMap.newKeySet();
    ScheduledFuture<?> pendingClose;
    volatile boolean closed;

    SharedDatabase(String key, ConnectionConfig config, Database db, Path memoryDirectory) {
        this.key = key;
        this.kind = config.kind();
        this.db = db;
        this.options = config.databaseOptions();
        this.memoryDirectory = memoryDirectory;
        this.closeDelayMillis = config.closeDelayMillis();
    }

    Set<BStackConnection> connections() {
        return connections;
    }

    /** The catalog name: the file's name without {@code .bstack}, upper case (as H2 names it). */
    String name() {
        return db.name();
    }
}
