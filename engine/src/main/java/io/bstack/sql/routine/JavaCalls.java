package io.bstack.sql.routine;

import java.lang.reflect.InvocationTargetException;
import java.sql.SQLException;

/**
 * Runs the application's code for a user function and turns what it throws into SQL errors: an
 * {@link SQLException} with a SQLState passes through as the function's own error; anything else
 * (a runtime exception, a checked one, a failing static initialiser) is {@code 38000}, "external
 * routine exception", with the original as its cause. A {@link VirtualMachineError} (out of
 * memory, stack overflow) is not caught.
 */
final class JavaCalls {
    private JavaCalls() {
    }

    /** A call into user code. */
    @FunctionalInterface
    interface Call {
        Object run() throws ReflectiveOperationException, SQLException;
    }

    static Object run(String function, Call call) throws SQLException {
        try {
            return call.run();
        } catch (InvocationTargetException e) {
            throw failed(function, e.getCause() == null ? e : e.getCause());
        } catch (IllegalAccessException e) {
            throw new SQLException("function " + function + ": the method is not accessible: " + e.getMessage(),
                    "42501", e);
        } catch (SQLException e) {
            throw e.getSQLState() != null ? e : failed(function, e);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw failed(function, e);
        }
    }

    private static SQLException failed(String function, Throwable t) {
        if (t instanceof VirtualMachineError v) {
            throw v;
        }
        if (t instanceof SQLException s && s.getSQLState() != null) {
            return s;
        }
        if (t instanceof ExceptionInInitializerError i && i.getCause() != null) {
            t = i.getCause();
        }
        return new SQLException("function " + function + " failed: " + t, "38000", t);
    }
}
