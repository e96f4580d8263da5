package io.bstack.memory;

/**
 * The Linux (x86-64 / aarch64, asm-generic) values of the C constants the native backings pass to
 * the kernel; guaranteed equal to this platform's headers by {@code LinuxConstantsTest}, which
 * compiles a C program against them.
 */
final class LinuxConstants {

    static final int PROT_NONE = 0x0;
    static final int PROT_READ = 0x1;
    static final int PROT_WRITE = 0x2;

    static final int MAP_PRIVATE = 0x02;
    static final int MAP_ANONYMOUS = 0x20;
    static final int MAP_POPULATE = 0x8000;
    static final int MAP_HUGETLB = 0x40000;
    static final int MAP_HUGE_SHIFT = 26;

    static final int MADV_DONTNEED = 4;
    static final int MADV_DONTDUMP = 16;

    static final int RLIMIT_MEMLOCK = 8;
    /** {@code RLIM_INFINITY}: all bits set in an unsigned 64-bit rlim_t. */
    static final long RLIM_INFINITY = -1L;

    static final int SC_PAGESIZE = 30;

    static final int ENOMEM = 12;
    static final int EINVAL = 22;

    private LinuxConstants() {
    }
}
