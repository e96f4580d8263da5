package io.bstack.userfn;

/** A class no test allows: initialising it would record so in a system property. */
public final class Forbidden {
    /** The property the static initialiser sets. */
    public static final String FLAG = "bstack.test.forbidden.initialised";

    static {
        System.setProperty(FLAG, "true");
    }

    private Forbidden() {
    }

    public static int run(int x) {
        return x;
    }
}
