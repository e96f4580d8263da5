package io.bstack.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.ConnectionEvent;
import javax.sql.ConnectionEventListener;
import javax.sql.PooledConnection;
import javax.sql.StatementEventListener;

/**
 * A physical connection for a pool ({@link javax.sql.ConnectionPoolDataSource}): each
 * {@link #getConnection} hands out a logical handle whose {@code close()} rolls back what it left
 * pending and tells the listeners the connection is free again, instead of closing it; a failure
 * with SQLState class {@code 08} tells them it is dead. A new handle closes the previous one.
 *
 * <p>Thread-safety: safe from any thread.
 */
final class BStackPooledConnection implements PooledConnection {
    private final Connection physical;
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private final List<StatementEventListener> statementListeners = new CopyOnWriteArrayList<>();
    private volatile Handle current;

    BStackPooledConnection(Connection physical) {
        this.physical = physical;
    }

    @Override
    public synchronized Connection getConnection() throws SQLException {
        if (physical.isClosed()) {
            throw new SQLException("the pooled connection is closed", "08003");
        }
        if (current != null) {
            current.closed = true;
        }
        physical.setAutoCommit(true);
        current = new Handle();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                current);
    }

    @Override
    public void close() throws SQLException {
        if (current != null) {
            current.closed = true;
        }
        physical.close();
    }

    @Override
    public void addConnectionEventListener(ConnectionEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void addStatementEventListener(StatementEventListener listener) {
        statementListeners.add(listener); // statements are not pooled: no statement events are sent
    }

    @Override
    public void removeStatementEventListener(StatementEventListener listener) {
        statementListeners.remove(listener);
    }

    /** One logical connection over the physical one. */
    private final class Handle implements InvocationHandler {
        volatile boolean closed;

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            switch (name) {
                case "close" -> {
                    if (!closed) {
                        closed = true;
                        if (!physical.isClosed() && !physical.getAutoCommit()) {
                            physical.rollback();
                        }
                        for (ConnectionEventListener l : listeners) {
                            l.connectionClosed(new ConnectionEvent(BStackPooledConnection.this));
                        }
                    }
                    return null;
                }
                case "isClosed" -> {
                    return closed || physical.isClosed();
                }
                case "isValid" -> {
                    return !closed && physical.isValid((Integer) args[0]);
                }
                case "toString" -> {
                    return "pooled " + physical + (closed ? " (handle closed)" : "");
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                default -> {
                    // every other call needs an open handle
                }
            }
            if (closed) {
                if (name.equals("setClientInfo")) { // declares SQLClientInfoException only
                    throw new SQLClientInfoException("the connection handle is closed", "08003", 0, Map.of());
                }
                if (name.equals("abort") && args[0] != null) {
                    return null; // aborting a closed connection is a no-op
                }
                throw new SQLException("the connection handle is closed", "08003");
            }
            try {
                return method.invoke(physical, args);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof SQLException q && q.getSQLState() != null && q.getSQLState().startsWith("08")) {
                    for (ConnectionEventListener l : listeners) {
                        l.connectionErrorOccurred(new ConnectionEvent(BStackPooledConnection.this, q));
                    }
                }
                throw cause;
            }
        }
    }
}
