package io.bstack.memory;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Downcalls into glibc for the native backings; guarantees each failing call's errno is captured
 * by the linker right after the call (never read later, when the JVM may have overwritten it) and
 * reported with its text. Loaded only after {@link NativeAccess#requireNative} succeeded.
 */
@SuppressWarnings("restricted") // every caller passed NativeAccess.requireNative first
final class Libc {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");

    private static final MethodHandle MMAP = errnoCall("mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = errnoCall("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle MADVISE =
            errnoCall("madvise", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle MPROTECT =
            errnoCall("mprotect", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle MLOCK = errnoCall("mlock", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle MUNLOCK = errnoCall("munlock", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle GETRLIMIT =
            errnoCall("getrlimit", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle POSIX_MEMALIGN =
            plainCall("posix_memalign", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle FREE = plainCall("free", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle SYSCONF = plainCall("sysconf", FunctionDescriptor.of(JAVA_LONG, JAVA_INT));
    private static final MethodHandle STRERROR = plainCall("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

    /** The OS page size in bytes. */
    static final long PAGE_SIZE = sysconf(LinuxConstants.SC_PAGESIZE);

    private Libc() {
    }

    private static MethodHandle errnoCall(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(symbol(name), descriptor, ERRNO_OPTION);
    }

    private static MethodHandle plainCall(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(symbol(name), descriptor);
    }

    private static MemorySegment symbol(String name) {
        return LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new NativeMemoryException("libc symbol not found: " + name));
    }

    /** mmap of anonymous memory; returns the address or throws with the errno. */
    static long mmap(long length, int prot, int flags, String what) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = call.allocate(CAPTURE);
            MemorySegment result = (MemorySegment) MMAP.invokeExact(state, MemorySegment.NULL, length, prot, flags, -1, 0L);
            if (result.address() == -1L) {
                int errno = errno(state);
                throw new NativeMemoryException(what + ": mmap of " + length + " bytes failed: " + describe(errno), errno);
            }
            return result.address();
        } catch (NativeMemoryException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("mmap downcall failed", t);
        }
    }

    /** munmap; returns 0 or the errno. */
    static int munmap(long address, long length) {
        return call(MUNMAP, address, length);
    }

    /** mlock; returns 0 or the errno. */
    static int mlock(long address, long length) {
        return call(MLOCK, address, length);
    }

    /** munlock; returns 0 or the errno. */
    static int munlock(long address, long length) {
        return call(MUNLOCK, address, length);
    }

    /** madvise; returns 0 or the errno. */
    static int madvise(long address, long length, int advice) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = call.allocate(CAPTURE);
            int rc = (int) MADVISE.invokeExact(state, MemorySegment.ofAddress(address), length, advice);
            return rc == 0 ? 0 : errno(state);
        } catch (Throwable t) {
            throw new IllegalStateException("madvise downcall failed", t);
        }
    }

    /** mprotect; returns 0 or the errno. */
    static int mprotect(long address, long length, int prot) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = call.allocate(CAPTURE);
            int rc = (int) MPROTECT.invokeExact(state, MemorySegment.ofAddress(address), length, prot);
            return rc == 0 ? 0 : errno(state);
        } catch (Throwable t) {
            throw new IllegalStateException("mprotect downcall failed", t);
        }
    }

    /** The soft limit of {@code resource} ({@link LinuxConstants#RLIM_INFINITY} when unlimited). */
    static long softLimit(int resource) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = call.allocate(CAPTURE);
            MemorySegment rlimit = call.allocate(JAVA_LONG, 2);
            int rc = (int) GETRLIMIT.invokeExact(state, resource, rlimit);
            if (rc != 0) {
                int errno = errno(state);
                throw new NativeMemoryException("getrlimit(" + resource + ") failed: " + describe(errno), errno);
            }
            return rlimit.getAtIndex(JAVA_LONG, 0);
        } catch (NativeMemoryException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("getrlimit downcall failed", t);
        }
    }

    /** posix_memalign; returns the address, or 0 with the error code in {@code error[0]}. */
    static long posixMemalign(long alignment, long size, int[] error) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment out = call.allocate(ADDRESS);
            int rc = (int) POSIX_MEMALIGN.invokeExact(out, alignment, size);
            error[0] = rc;
            return rc == 0 ? out.get(ADDRESS, 0).address() : 0L;
        } catch (Throwable t) {
            throw new IllegalStateException("posix_memalign downcall failed", t);
        }
    }

    /** free(3). */
    static void free(long address) {
        try {
            FREE.invokeExact(MemorySegment.ofAddress(address));
        } catch (Throwable t) {
            throw new IllegalStateException("free downcall failed", t);
        }
    }

    /** "errno N (text)" for messages. */
    static String describe(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return "errno " + errno + " (" + text.reinterpret(Long.MAX_VALUE).getString(0) + ")";
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    private static long sysconf(int name) {
        try {
            return (long) SYSCONF.invokeExact(name);
        } catch (Throwable t) {
            throw new IllegalStateException("sysconf downcall failed", t);
        }
    }

    private static int call(MethodHandle handle, long address, long length) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = call.allocate(CAPTURE);
            int rc = (int) handle.invokeExact(state, MemorySegment.ofAddress(address), length);
            return rc == 0 ? 0 : errno(state);
        } catch (Throwable t) {
            throw new IllegalStateException("downcall failed", t);
        }
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }
}
