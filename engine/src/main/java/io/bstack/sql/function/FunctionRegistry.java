package io.bstack.sql.function;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The SQL functions known to the engine, by upper-case name. Immutable and thread-safe once built.
 * Scalar and aggregate functions share one name space; a name offered twice is an error.
 */
public final class FunctionRegistry {
    private final Map<String, ScalarFunction> scalars;
    private final Map<String, AggregateFunction> aggregates;
    private final Map<String, String> providers;

    private FunctionRegistry(Map<String, ScalarFunction> scalars, Map<String, AggregateFunction> aggregates,
            Map<String, String> providers) {
        this.scalars = Map.copyOf(scalars);
        this.aggregates = Map.copyOf(aggregates);
        this.providers = Map.copyOf(providers);
    }

    /** @return a registry without functions */
    public static FunctionRegistry empty() {
        return new FunctionRegistry(Map.of(), Map.of(), Map.of());
    }

    /**
     * Loads every {@link FunctionProvider} the {@link ServiceLoader} finds on the thread's context
     * class loader (or this class's loader), then the {@code extra} providers.
     *
     * @throws IllegalStateException if two functions have the same name
     */
    public static FunctionRegistry load(FunctionProvider... extra) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        List<FunctionProvider> providers = new ArrayList<>();
        ServiceLoader.load(FunctionProvider.class, loader == null ? FunctionRegistry.class.getClassLoader() : loader)
                .forEach(providers::add);
        providers.addAll(List.of(extra));
        return of(providers);
    }

    /**
     * @return a registry of exactly these providers' functions
     * @throws IllegalStateException if two functions have the same name
     */
    public static FunctionRegistry of(List<FunctionProvider> providers) {
        Map<String, ScalarFunction> scalars = new HashMap<>();
        Map<String, AggregateFunction> aggregates = new HashMap<>();
        Map<String, String> owners = new HashMap<>();
        for (FunctionProvider p : providers) {
            for (ScalarFunction f : p.scalarFunctions()) {
                claim(owners, f.name(), p);
                scalars.put(f.name().toUpperCase(Locale.ROOT), f);
            }
            for (AggregateFunction f : p.aggregateFunctions()) {
                claim(owners, f.name(), p);
                aggregates.put(f.name().toUpperCase(Locale.ROOT), f);
            }
        }
        return new FunctionRegistry(scalars, aggregates, owners);
    }

    private static void claim(Map<String, String> owners, String name, FunctionProvider p) {
        String key = name.toUpperCase(Locale.ROOT);
        String previous = owners.putIfAbsent(key, p.getClass().getName());
        if (previous != null) {
            throw new IllegalStateException("function " + key + " is provided by both " + previous + " and "
                    + p.getClass().getName());
        }
    }

    /** @return the scalar function called {@code name} (any case), or null */
    public ScalarFunction scalar(String name) {
        return scalars.get(name.toUpperCase(Locale.ROOT));
    }

    /** @return the aggregate function called {@code name} (any case), or null */
    public AggregateFunction aggregate(String name) {
        return aggregates.get(name.toUpperCase(Locale.ROOT));
    }

    /** @return the names of all functions */
    public java.util.Set<String> names() {
        java.util.Set<String> all = new java.util.TreeSet<>(scalars.keySet());
        all.addAll(aggregates.keySet());
        return all;
    }

    /** @return the scalar functions, ordered by name */
    public List<ScalarFunction> scalarFunctions() {
        return scalars.values().stream().sorted(java.util.Comparator.comparing(ScalarFunction::name)).toList();
    }

    /** @return the aggregate functions providers registered, ordered by name */
    public List<AggregateFunction> aggregateFunctions() {
        return aggregates.values().stream().sorted(java.util.Comparator.comparing(AggregateFunction::name)).toList();
    }

    /** @return the class name of the provider of function {@code name} (any case), or null */
    public String provider(String name) {
        return providers.get(name.toUpperCase(Locale.ROOT));
    }
}
