package io.bstack.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import io.bstack.stack.BStack;
import io.bstack.stack.FaultPolicy;
import io.bstack.stack.StackOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The crate's allocator fuzz suite, ported. Once something is live, each step is 45 % alloc of
 * 0..max bytes, 20 % realloc of a random live region to a random size, 15 % dealloc, 15 % check
 * of a random region, 5 % reopen (close, reopen the file, {@link AllocatorFactory#open}, reclaim
 * every region and verify all). Payloads are a period-8 pattern from {@code id ^ bias} (bias =
 * per-run salt) or, 25 % of the time, adversarial bytes copied from a random 8-aligned place of
 * the stack itself (they look like headers, free links and tree nodes). After a realloc the
 * prefix must be kept and the growth zero; no two live regions may overlap.
 *
 * <p>With faults ({@link #withFaults}), a seeded {@link FaultPolicy#random} is armed around each
 * step; on any failure the handle contract is checked (UNTOUCHED: the original with its bytes;
 * MOVED: a committed new region with the prefix kept and zero growth; LOST: dropped from the
 * model), then the file is reopened (recovery) and every live region verified. After a fault,
 * blocks may leak: {@link AllocatorFactory#verify} must accept blocks that are neither free nor
 * in the live set.
 *
 * <p>Knobs (system properties): {@code bstack.alloc.fuzz.ops} (steps, default 1500),
 * {@code bstack.alloc.fuzz.max} (largest allocation, default the factory's),
 * {@code bstack.alloc.fuzz.reopenEvery} (200), {@code bstack.alloc.fuzz.adversarialPct} (25),
 * {@code bstack.alloc.fuzz.faultPerMille} (30), {@code bstack.alloc.fuzz.seed} (replay; printed
 * on failure), {@code bstack.alloc.fuzz.snapshots} (a directory: the file is copied there before
 * every recovery, for post-mortems).
 */
public final class AllocatorFuzz {
    private final AllocatorFactory factory;
    private final Path file;
    private final boolean faults;
    private final int ops = Integer.getInteger("bstack.alloc.fuzz.ops", 1500);
    private final int reopenEvery = Integer.getInteger("bstack.alloc.fuzz.reopenEvery", 200);
    private final int adversarialPct = Integer.getInteger("bstack.alloc.fuzz.adversarialPct", 25);
    private final int faultPerMille = Integer.getInteger("bstack.alloc.fuzz.faultPerMille", 30);
    private final long max;
    private final String snapshots = System.getProperty("bstack.alloc.fuzz.snapshots");

    private long seed;
    private Random random;
    private long bias;
    private BStack stack;
    private BStackAllocator alloc;
    private final Map<Long, Live> live = new TreeMap<>();
    private long nextId;
    private int step;
    private int failures;
    /** The region whose payload write is in flight, and the bytes it is writing (old or new may survive). */
    private long pendingId = -1;
    private byte[] pendingBytes;

    private record Live(RegionHandle handle, byte[] bytes) {}

    private AllocatorFuzz(AllocatorFactory factory, Path dir, boolean faults) {
        this.factory = factory;
        this.file = dir.resolve(factory.name() + (faults ? "-faults" : "") + ".bstack");
        this.faults = faults;
        this.max = Long.getLong("bstack.alloc.fuzz.max", factory.maxFuzzLength());
    }

    /** The happy-path suite. */
    public static void run(AllocatorFactory factory, Path dir) throws IOException {
        new AllocatorFuzz(factory, dir, false).go();
    }

    /** The suite with seeded random I/O faults around every step. */
    public static void withFaults(AllocatorFactory factory, Path dir) throws IOException {
        new AllocatorFuzz(factory, dir, true).go();
    }

    /** {@link #withFaults} from a fixed seed: a regression a random seed once found. */
    public static void withFaults(AllocatorFactory factory, Path dir, long seed) throws IOException {
        AllocatorFuzz f = new AllocatorFuzz(factory, dir, true);
        f.fixedSeed = seed;
        f.go();
    }

    private Long fixedSeed;

    private void go() throws IOException {
        Long replay = fixedSeed != null ? fixedSeed : Long.getLong("bstack.alloc.fuzz.seed");
        seed = replay != null ? replay : new Random().nextLong();
        random = new Random(seed);
        bias = random.nextLong();
        try {
            Files.deleteIfExists(file);
            stack = BStack.open(file, StackOptions.testing().withoutSync());
            alloc = factory.create(stack);
            for (step = 0; step < ops; step++) {
                step();
                if (reopenEvery > 0 && step % reopenEvery == reopenEvery - 1) {
                    reopen();
                }
            }
            reopen();
            if (faults) {
                assertThat(failures).as("faults were injected").isPositive();
            }
            alloc.close();
        } catch (AssertionError | IOException | RuntimeException e) {
            closeQuietly(e);
            throw new AssertionError(factory.name() + (faults ? " fault" : "") + " fuzz failed at step " + step
                    + "; replay with -Dbstack.alloc.fuzz.seed=" + seed, e);
        }
    }

    private void step() throws IOException {
        int dice = random.nextInt(100);
        if (faults) {
            stack.faultPolicy(FaultPolicy.random(random.nextLong(), faultPerMille));
        }
        try {
            if (live.isEmpty() || dice < 45) {
                allocate();
            } else if (dice < 65) {
                resize();
            } else if (dice < 80) {
                free();
            } else if (dice < 95) {
                check(randomId());
            } else {
                stack.faultPolicy(FaultPolicy.none());
                reopen();
            }
            stack.faultPolicy(FaultPolicy.none());
        } catch (IOException | IllegalStateException e) {
            if (!faults || !causedByFault(e)) {
                throw e;
            }
            failures++;
            stack.faultPolicy(FaultPolicy.none());
            reopen();
        } finally {
            pendingId = -1;
        }
    }

    private void closeQuietly(Throwable failure) {
        try {
            if (stack != null) {
                stack.close();
            }
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static boolean causedByFault(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.bstack.stack.InjectedFaultException
                    || (t.getMessage() != null && t.getMessage().contains("needs to be reopened"))) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                if (causedByFault(s)) {
                    return true;
                }
            }
        }
        return false;
    }

    private long randomId() {
        Long[] ids = live.keySet().toArray(Long[]::new);
        return ids[random.nextInt(ids.length)];
    }

    private void allocate() throws IOException {
        long len = random.nextLong(max + 1);
        RegionHandle h = alloc.alloc(len);
        assertThat(h.len()).isEqualTo(len);
        assertThat(h.read()).as("alloc(%d) is zero-filled", len).isEqualTo(new byte[(int) len]);
        assertDisjoint(h.region(), -1);
        long id = nextId++;
        live.put(id, new Live(h, new byte[(int) len]));
        byte[] payload = payload(id, len);
        pendingId = id;
        pendingBytes = payload;
        h.write(0, payload); // a failed write is all or nothing: the reopen check accepts either
        live.put(id, new Live(h, payload));
    }

    private void resize() throws IOException {
        long id = randomId();
        Live old = live.get(id);
        if (!factory.resizesAnywhere() && old.handle().end() != stack.len()) {
            check(id);
            return;
        }
        long newLen = random.nextLong(max + 1);
        RegionHandle now;
        try {
            now = alloc.realloc(old.handle(), newLen);
        } catch (BStackAllocException e) {
            if (!faults) {
                throw e;
            }
            switch (e.outcome()) {
                case UNTOUCHED -> assertThat(e.handle().orElseThrow().read()).isEqualTo(old.bytes());
                case MOVED -> live.put(id, new Live(e.handle().orElseThrow(), grown(old.bytes(), e.handle().get().len())));
                case LOST -> live.remove(id);
            }
            throw e;
        }
        byte[] expected = grown(old.bytes(), newLen);
        live.put(id, new Live(now, expected)); // the old handle is consumed: a failing check below must not keep it
        assertThat(now.read()).as("realloc %d -> %d keeps the prefix, zero-fills growth", old.bytes().length, newLen)
                .isEqualTo(expected);
        assertDisjoint(now.region(), id);
        live.put(id, new Live(now, expected));
    }

    private void free() throws IOException {
        long id = randomId();
        Live old = live.get(id);
        try {
            alloc.dealloc(old.handle());
            live.remove(id);
        } catch (BStackAllocException e) {
            if (!faults) {
                throw e;
            }
            if (e.outcome() == BStackAllocException.Outcome.LOST) {
                live.remove(id);
            }
            throw e;
        }
    }

    private void check(long id) throws IOException {
        Live l = live.get(id);
        assertThat(l.handle().read()).as("region %d %s", id, l.handle().region()).isEqualTo(l.bytes());
    }

    /** Closes and reopens everything, reclaims each live region and verifies it. */
    private void reopen() throws IOException {
        try {
            alloc.close();
        } catch (IOException ignored) {
            // a stack damaged by an injected fault may fail to close cleanly; the reopen decides
        }
        if (snapshots != null) {
            Files.createDirectories(Path.of(snapshots));
            Files.copy(file, Path.of(snapshots, factory.name() + "-" + seed + "-" + step + ".bstack"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        stack = BStack.open(file, StackOptions.testing().withoutSync());
        alloc = factory.open(stack);
        for (Map.Entry<Long, Live> e : live.entrySet()) {
            Region r = e.getValue().handle().region();
            RegionHandle h = alloc.reclaim(r);
            byte[] now = h.read();
            if (!Arrays.equals(now, e.getValue().bytes())) {
                // only the payload write that failed may have landed (it is all or nothing)
                boolean inFlight = e.getKey() == pendingId && Arrays.equals(now, pendingBytes);
                assertThat(inFlight).as("region %d %s after reopen holds neither its bytes nor the write in flight",
                        e.getKey(), r).isTrue();
            }
            e.setValue(new Live(h, now));
        }
        List<Region> regions = new ArrayList<>();
        live.values().forEach(l -> regions.add(l.handle().region()));
        assertNoOverlaps(regions);
        factory.verify(alloc, regions);
    }

    private void assertDisjoint(Region r, long except) {
        for (Map.Entry<Long, Live> e : live.entrySet()) {
            if (e.getKey() != except) {
                assertThat(r.overlaps(e.getValue().handle().region())).as("%s overlaps live region %d %s", r, e.getKey(),
                        e.getValue().handle().region()).isFalse();
            }
        }
    }

    public static void assertNoOverlaps(List<Region> regions) {
        List<Region> sorted = new ArrayList<>(regions);
        sorted.removeIf(Region::isEmpty);
        sorted.sort(null);
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i - 1).end()).as("%s overlaps %s", sorted.get(i - 1), sorted.get(i))
                    .isLessThanOrEqualTo(sorted.get(i).offset());
        }
    }

    private byte[] payload(long id, long len) throws IOException {
        byte[] out = new byte[(int) len];
        if (random.nextInt(100) < adversarialPct && stack.len() >= 8) {
            long from = (random.nextLong(stack.len()) / 8) * 8;
            byte[] src = stack.get(from, Math.min(stack.len(), from + len));
            System.arraycopy(src, 0, out, 0, src.length);
            return out;
        }
        long key = id ^ bias;
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (key >>> ((i % 8) * 8));
        }
        return out;
    }

    private static byte[] grown(byte[] old, long newLen) {
        return Arrays.copyOf(old, (int) newLen);
    }
}
