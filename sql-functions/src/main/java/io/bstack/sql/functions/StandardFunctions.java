package io.bstack.sql.functions;

import io.bstack.sql.function.FunctionProvider;
import io.bstack.sql.function.ScalarFunction;
import java.util.ArrayList;
import java.util.List;

/**
 * The standard scalar functions, registered with the engine through
 * {@code META-INF/services/io.bstack.sql.function.FunctionProvider}: strings, math, conditionals,
 * date/time parts and arithmetic, UUIDs, and the region functions
 * ({@link RegionFunctions}). Results follow H2 2.3.
 */
public final class StandardFunctions implements FunctionProvider {
    @Override
    public List<ScalarFunction> scalarFunctions() {
        List<ScalarFunction> all = new ArrayList<>();
        all.addAll(StringFunctions.all());
        all.addAll(MathFunctions.all());
        all.addAll(ConditionalFunctions.all());
        all.addAll(DateTimeFunctions.all());
        all.addAll(UuidFunctions.all());
        all.addAll(RegionFunctions.all());
        return all;
    }
}
