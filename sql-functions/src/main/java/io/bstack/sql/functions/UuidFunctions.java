package io.bstack.sql.functions;

import io.bstack.sql.eval.ColumnType;
import java.util.List;
import java.util.UUID;

/** RANDOM_UUID() and its alias UUID(): a new random (version 4) UUID per call; not deterministic. */
final class UuidFunctions {
    private UuidFunctions() {
    }

    static List<Fn> all() {
        Fn random = new Fn("RANDOM_UUID", 0, 0, Fn.fixed(ColumnType.UUID), a -> UUID.randomUUID(), false, false);
        return List.of(random, random.alias("UUID"));
    }
}
