package io.bstack.sql.routine;

import io.bstack.sql.function.FunctionClassAllowlist;
import io.bstack.sql.function.UserAggregate;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Turns the target string of a user function into Java code, in this order and no other: the
 * string is checked to be a plain class name (and method name), the class is checked against the
 * session's {@link FunctionClassAllowlist}, and only then is it loaded, without being initialised
 * ({@code Class.forName(name, false, loader)}); it is initialised when an allowed call first runs
 * its code. Nothing is compiled, looked up in JNDI or read from a file. The loader is the thread's
 * context class loader, else the engine's.
 *
 * <p>Errors: {@code 42602} a target that is not a class (and method) name; {@code 42501} a class
 * the allowlist does not cover; {@code 42883} no such class, or no public static method of that name
 * in a public class (for an aggregate: not a public class implementing {@link UserAggregate} with a
 * public no-argument constructor); {@code 42725} two such methods with the same number of
 * parameters; {@code 0A000} a parameter or result type with no SQL type, or a void method.
 */
final class JavaTargets {
    private JavaTargets() {
    }

    /** A scalar function's target split: class and method name. */
    record MethodTarget(String className, String method) {}

    /** Splits and checks {@code 'com.example.Cls.method'}. */
    static MethodTarget methodTarget(String target) throws SQLException {
        int dot = target.lastIndexOf('.');
        if (dot <= 0 || !FunctionClassAllowlist.isClassName(target.substring(0, dot))
                || !FunctionClassAllowlist.isIdentifier(target.substring(dot + 1))) {
            throw badTarget(target, "'com.example.Class.staticMethod'");
        }
        return new MethodTarget(target.substring(0, dot), target.substring(dot + 1));
    }

    /** Checks an aggregate's target {@code 'com.example.Cls'}. */
    static String classTarget(String target) throws SQLException {
        if (!FunctionClassAllowlist.isClassName(target)) {
            throw badTarget(target, "'com.example.AggregateClass'");
        }
        return target;
    }

    private static SQLException badTarget(String target, String form) {
        String shown = target.length() > 80 ? target.substring(0, 80) + "..." : target;
        return new SQLSyntaxErrorException("\"" + shown.replaceAll("\\p{Cntrl}", "?") + "\" is not a Java name of the form "
                + form, "42602");
    }

    /**
     * Loads (without initialising) class {@code name} once {@code allowed} covers it.
     *
     * @param function the SQL function's name, for messages
     */
    static Class<?> load(String name, FunctionClassAllowlist allowed, String function) throws SQLException {
        if (!allowed.allows(name)) {
            throw new SQLException("function " + function + ": class " + name + " is not in this connection's function"
                    + " class allowlist (the application sets it: option functionClasses)", "42501");
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = JavaTargets.class.getClassLoader();
        }
        Class<?> c;
        try {
            c = Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new SQLSyntaxErrorException("function " + function + ": class " + name + " cannot be found: " + e,
                    "42883", e);
        }
        if (!Modifier.isPublic(c.getModifiers())) {
            throw notFound(function, "class " + name + " is not public");
        }
        return c;
    }

    private static SQLException notFound(String function, String why) {
        return new SQLSyntaxErrorException("function " + function + ": " + why, "42883");
    }

    /**
     * The public static methods called {@code t.method()} of the (allowed) class, by parameter count.
     */
    static TreeMap<Integer, Method> methods(MethodTarget t, FunctionClassAllowlist allowed, String function)
            throws SQLException {
        Class<?> c = load(t.className(), allowed, function);
        TreeMap<Integer, Method> byArity = new TreeMap<>();
        boolean nonStatic = false;
        for (Method m : c.getMethods()) {
            if (!m.getName().equals(t.method()) || m.getDeclaringClass() == Object.class) {
                continue;
            }
            if (!Modifier.isStatic(m.getModifiers())) {
                nonStatic = true;
                continue;
            }
            if (m.isVarArgs() || m.isBridge() || m.isSynthetic()) {
                continue;
            }
            Method before = byArity.put(m.getParameterCount(), m);
            if (before != null) {
                throw new SQLSyntaxErrorException("function " + function + ": " + t.className() + " has two public static"
                        + " methods " + t.method() + " with " + m.getParameterCount() + " parameters: " + before
                        + " and " + m + "; overloads must differ in their number of parameters", "42725");
            }
        }
        if (byArity.isEmpty()) {
            throw notFound(function, "class " + t.className() + " has no public static method " + t.method()
                    + (nonStatic ? " (there is one, but it is not static)" : ""));
        }
        for (Method m : byArity.values()) {
            if (m.getReturnType() == void.class) {
                throw new java.sql.SQLFeatureNotSupportedException("function " + function + ": method " + m
                        + " returns nothing; a function must return a value", "0A000");
            }
            JavaTypes.require(m.getReturnType(), "the result of " + m);
            for (Class<?> p : m.getParameterTypes()) {
                JavaTypes.require(p, "a parameter of " + m);
            }
        }
        return byArity;
    }

    /** An aggregate class: its constructor and the Java types of its argument and result. */
    record AggregateClass(Constructor<?> constructor, Class<?> argument, Class<?> result) {}

    /** The (allowed) aggregate class {@code name}, checked. */
    static AggregateClass aggregate(String name, FunctionClassAllowlist allowed, String function) throws SQLException {
        Class<?> c = load(name, allowed, function);
        if (!UserAggregate.class.isAssignableFrom(c) || Modifier.isAbstract(c.getModifiers())) {
            throw notFound(function, "class " + name + " is not a concrete class implementing "
                    + UserAggregate.class.getName());
        }
        Constructor<?> constructor;
        try {
            constructor = c.getConstructor();
        } catch (NoSuchMethodException e) {
            throw notFound(function, "class " + name + " has no public constructor without parameters");
        }
        List<Class<?>> types = typeArguments(c);
        if (types == null) {
            throw new java.sql.SQLFeatureNotSupportedException("function " + function + ": class " + name
                    + " must implement " + UserAggregate.class.getSimpleName() + " with concrete types, e.g."
                    + " UserAggregate<Long, Long>", "0A000");
        }
        JavaTypes.require(types.get(0), "the argument of aggregate class " + name);
        JavaTypes.require(types.get(1), "the result of aggregate class " + name);
        return new AggregateClass(constructor, types.get(0), types.get(1));
    }

    /** The classes {@code c} gives {@link UserAggregate}'s A and R (in it or a superclass), or null. */
    private static List<Class<?>> typeArguments(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            for (Type t : k.getGenericInterfaces()) {
                if (t instanceof ParameterizedType p && p.getRawType() == UserAggregate.class) {
                    List<Class<?>> out = new ArrayList<>();
                    for (Type a : p.getActualTypeArguments()) {
                        if (a instanceof Class<?> ac) {
                            out.add(ac);
                        } else if (a instanceof java.lang.reflect.GenericArrayType g && g.getGenericComponentType() == byte.class) {
                            out.add(byte[].class);
                        } else {
                            return null;
                        }
                    }
                    return out;
                }
            }
        }
        return null;
    }
}
