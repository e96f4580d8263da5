package io.bstack.memory;

/** The access allowed to a page range; guarantees a one-to-one mapping onto {@code PROT_*} bits. */
public enum Protection {
    /** No access: touching the pages faults (and kills the JVM). */
    NONE(LinuxConstants.PROT_NONE),
    /** Read-only. */
    READ(LinuxConstants.PROT_READ),
    /** Read and write, the state of a fresh mapping. */
    READ_WRITE(LinuxConstants.PROT_READ | LinuxConstants.PROT_WRITE);

    private final int bits;

    Protection(int bits) {
        this.bits = bits;
    }

    int bits() {
        return bits;
    }
}
