package io.bstack.userfn;

/** Static methods the JDBC user-function tests name. */
public final class Fns {
    private Fns() {
    }

    public static int twice(int x) {
        return 2 * x;
    }
}
