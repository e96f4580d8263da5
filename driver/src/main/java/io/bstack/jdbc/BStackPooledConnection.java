package io.bstack.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.Statement;
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
        current.self = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, current);
        return current.self;
    }

    /** Tells the listeners about a failure of class 08: the physical connection is dead. */
    private void reportIfFatal(Throwable failure) {
        if (failure instanceof SQLException q && q.getSQLState() != null && q.getSQLState().startsWith("08")) {
            for (ConnectionEventListener l : listeners) {
                l.connectionErrorOccurred(new ConnectionEvent(this, q));
            }
        }
    }

    /**
     * Statements and results handed out through a handle are wrapped too, so that their class 08
     * failures reach the listeners and {@code getConnection()}/{@code getStatement()} give the
     * handle and the wrapped statement rather than the physical objects.
     */
    private Object wrap(Object result, Class<?> declared, Connection handle, Object parent) {
        if (result == null || !(declared == Statement.class || declared == PreparedStatement.class
                || declared == CallableStatement.class || declared == ResultSet.class)) {
            return result;
        }
        return Proxy.newProxyInstance(declared.getClassLoader(), new Class<?>[] {declared},
                new Reporting(result, handle, parent));
    }

    /** A statement or result set of a handle. */
    private final class Reporting implements InvocationHandler {
        private final Object target;
        private final Connection handle;
        private final Object parent; // the wrapped statement of a result set
        private Object lastResult;
        private Object lastWrapped;

        Reporting(Object target, Connection handle, Object parent) {
            this.target = target;
            this.handle = handle;
            this.parent = parent;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "toString" -> {
                    return "pooled " + target;
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "isClosed" -> {
                    if (handle.isClosed()) {
                        return true;
                    }
                }
                case "close" -> {
                    // always allowed
                }
                default -> {
                    if (handle.isClosed()) { // the handle went back to the pool: its statements and results with it
                        throw new SQLException("the connection handle of this object is closed", "08003");
                    }
                }
            }
            Object r;
            try {
                r = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                reportIfFatal(e.getCause());
                throw e.getCause();
            }
            if (r instanceof Connection) {
                return handle;
            }
            if (r instanceof Statement && target instanceof ResultSet) {
                return parent;
            }
            if (r != null && r == lastResult) {
                return lastWrapped;
            }
            Object w = wrap(r, method.getReturnType(), handle, proxy);
            if (w != r) {
                lastResult = r;
                lastWrapped = w;
            }
            return w;
        }
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
        if (listener != null) { // a null listener would fail every later event
            listeners.add(listener);
        }
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void addStatementEventListener(StatementEventListener listener) {
        if (listener != null) {
            statementListeners.add(listener);
        } // statements are not pooled: no statement events are sent
    }

    @Override
    public void removeStatementEventListener(StatementEventListener listener) {
        statementListeners.remove(listener);
    }

    /** One logical connection over the physical one. */
    private final class Handle implements InvocationHandler {
        volatile boolean closed;
        Connection self;

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
                return wrap(method.invoke(physical, args), method.getReturnType(), self, null);
            } catch (InvocationTargetException e) {
                reportIfFatal(e.getCause());
                throw e.getCause();
            }
        }
    }
}
