package io.bstack.sql.parse;

import io.bstack.sql.ast.AstPrinter;
import io.bstack.sql.ast.DataType;

/** Test helper: the printed form of a data type. */
final class AstPrinterAccess {
    private AstPrinterAccess() {
    }

    static String type(DataType type) {
        return AstPrinter.print(type);
    }
}
