package io.bstack.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.stack.BStack;
import io.bstack.stack.FaultPolicy;
import io.bstack.stack.StackOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fails one operation at every file call in turn ({@link FaultPolicy#failAt}) and checks what
 * survives: the handle contract of the failure (UNTOUCHED: the original with its bytes; MOVED: the
 * committed region with the prefix and zero growth; LOST: dropped), then a reopen through the
 * factory (running recovery), a reclaim of every region the model holds with its exact bytes, and
 * {@link AllocatorFactory#verify}. The sweep ends at the first {@code k} the operation survives.
 */
final class FailurePoints {

    /** The file under an allocator built over a {@link BStack} (every test allocator is), for fault injection. */
    static BStack file(BStackAllocator allocator) {
        return (BStack) allocator.stack();
    }
    private FailurePoints() {}

    /** The regions the test believes live, by name, with their bytes. */
    static final class Model {
        final Map<String, RegionHandle> handles = new LinkedHashMap<>();
        final Map<String, byte[]> bytes = new LinkedHashMap<>();

        RegionHandle add(String name, RegionHandle h, byte[] content) throws IOException {
            if (content.length > 0) {
                h.write(0, content);
            }
            handles.put(name, h);
            bytes.put(name, content);
            return h;
        }

        RegionHandle get(String name) {
            return handles.get(name);
        }

        void remove(String name) {
            handles.remove(name);
            bytes.remove(name);
        }

        /** Records a realloc of {@code name} to {@code now}: the prefix kept, growth zero. */
        void resized(String name, RegionHandle now) {
            handles.put(name, now);
            bytes.put(name, Arrays.copyOf(bytes.get(name), (int) now.len()));
        }
    }

    interface Setup {
        void build(BStackAllocator a, Model m) throws IOException;
    }

    /** The operation under test; it updates the model when it succeeds. */
    interface Op {
        void run(BStackAllocator a, Model m) throws IOException;
    }

    /**
     * Runs the sweep; {@code target} names the region a failed realloc/dealloc concerns (null for
     * allocations). Returns how many failure points were exercised.
     */
    static int sweep(AllocatorFactory factory, Path dir, String name, String target, Setup setup, Op op) throws IOException {
        Path file = dir.resolve(name + ".bstack");
        for (int k = 0; k < 500; k++) {
            Files.deleteIfExists(file);
            Model m = new Model();
            BStack stack = BStack.open(file, StackOptions.testing().withoutSync());
            BStackAllocator a = factory.create(stack);
            setup.build(a, m);
            boolean survived = false;
            stack.faultPolicy(FaultPolicy.failAt(k));
            try {
                op.run(a, m);
                survived = true;
            } catch (BStackAllocException e) {
                stack.faultPolicy(FaultPolicy.none());
                switch (e.outcome()) {
                    case UNTOUCHED -> {
                        assertThat(e.handle().orElseThrow().region()).isEqualTo(m.get(target).region());
                        assertThat(e.handle().get().isLive()).as("%s k=%d: the untouched handle is live again", name, k).isTrue();
                    }
                    case MOVED -> m.resized(target, e.handle().orElseThrow());
                    case LOST -> m.remove(target);
                }
            } catch (BStackBulkAllocException e) {
                stack.faultPolicy(FaultPolicy.none());
                for (String n : new ArrayList<>(m.handles.keySet())) {
                    RegionHandle h = m.get(n);
                    if (!h.isLive() && e.notFreed().stream().noneMatch(x -> x == h)) {
                        m.remove(n);
                    }
                }
            } catch (IOException e) {
                // a failed allocation hands out nothing; whatever it took is leaked or recovered
            } finally {
                stack.faultPolicy(FaultPolicy.none());
            }
            try {
                a.close();
            } catch (IOException ignored) {
                // a stack whose repair failed may not close cleanly; the reopen decides
            }
            check(factory, file, m, name + " k=" + k);
            if (survived) {
                return k + 1;
            }
        }
        throw new AssertionError(name + ": still failing after 500 failure points");
    }

    private static void check(AllocatorFactory factory, Path file, Model m, String context) throws IOException {
        try (BStack stack = BStack.open(file, StackOptions.testing().withoutSync())) {
            BStackAllocator a = factory.open(stack);
            List<Region> regions = new ArrayList<>();
            for (Map.Entry<String, RegionHandle> e : m.handles.entrySet()) {
                Region r = e.getValue().region();
                RegionHandle h = a.reclaim(r);
                assertThat(h.read()).as("%s: region %s %s after recovery", context, e.getKey(), r).isEqualTo(m.bytes.get(e.getKey()));
                regions.add(r);
            }
            AllocatorFuzz.assertNoOverlaps(regions);
            factory.verify(a, regions);
            a.intoStack();
        }
    }

    /** Bytes that look like allocator metadata: in-use words, block links and zero words. */
    static byte[] adversarial(int len, long blockSize) {
        byte[] b = new byte[len];
        for (int i = 0; i + 8 <= len; i += 8) {
            long v = switch ((i / 8) % 4) {
                case 0 -> Long.MIN_VALUE | 3; // an in-use word spanning three blocks
                case 1 -> 48 + blockSize; // a plausible block offset
                case 2 -> 0; // a free word
                default -> Long.MIN_VALUE | 1;
            };
            for (int j = 0; j < 8; j++) {
                b[i + j] = (byte) (v >>> (8 * j));
            }
        }
        return b;
    }

    static byte[] pattern(int len, int seed) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (seed * 37 + i * 11 + 5);
        }
        return b;
    }
}
