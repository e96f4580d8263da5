package io.bstack.alloc;

import io.bstack.stack.BStack;
import io.bstack.stack.StackOptions;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The child JVM of {@link AllocatorCrash}: opens the allocator (running its recovery), reclaims
 * the regions the parent lists, then runs random allocs, reallocs and frees until it is killed.
 * Before each operation it logs {@code B <op> <id>}, after it returned (payload written) it logs
 * {@code A alloc|realloc <id> <offset> <len> <seed>} or {@code A free <id>}, flushed each time.
 *
 * <p>Arguments: factory class, stack file, live-region file, seed, log file, largest length.
 */
public final class AllocatorCrashChild {
    private AllocatorCrashChild() {}

    record Entry(long id, long offset, long len, int seed) {
        static Entry parse(String line) {
            String[] f = line.trim().split(" ");
            return new Entry(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Integer.parseInt(f[3]));
        }

        String format() {
            return id + " " + offset + " " + len + " " + seed;
        }
    }

    static byte[] payload(long len, int seed) {
        byte[] b = new byte[(int) len];
        long x = seed;
        for (int i = 0; i < b.length; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            b[i] = (byte) (x >>> 56);
        }
        return b;
    }

    public static void main(String[] args) throws Exception {
        AllocatorFactory factory = (AllocatorFactory) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        Path file = Path.of(args[1]);
        List<Entry> listed = Files.readAllLines(Path.of(args[2])).stream().filter(l -> !l.isBlank()).map(Entry::parse).toList();
        Random random = new Random(Long.parseLong(args[3]));
        long max = Long.parseLong(args[5]);
        try (PrintStream log = new PrintStream(new FileOutputStream(args[4], true), true, StandardCharsets.UTF_8)) {
            BStack stack = BStack.open(file, StackOptions.testing().withoutSync());
            BStackAllocator alloc = stack.isEmpty() ? factory.create(stack) : factory.open(stack);
            List<RegionHandle> handles = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            long nextId = 0;
            for (Entry e : listed) {
                handles.add(alloc.reclaim(new Region(e.offset(), e.len())));
                ids.add(e.id());
                nextId = Math.max(nextId, e.id() + 1);
            }
            log.println("ready");
            while (true) {
                int dice = random.nextInt(100);
                if (handles.isEmpty() || dice < 50) {
                    long id = nextId++;
                    long len = random.nextLong(max + 1);
                    int seed = random.nextInt();
                    log.println("B alloc " + id);
                    RegionHandle h = alloc.alloc(len);
                    h.write(0, payload(len, seed));
                    handles.add(h);
                    ids.add(id);
                    log.println("A alloc " + new Entry(id, h.offset(), len, seed).format());
                } else if (dice < 75 && (factory.resizesAnywhere() || handles.get(handles.size() - 1).end() == stack.len())) {
                    int i = factory.resizesAnywhere() ? random.nextInt(handles.size()) : handles.size() - 1;
                    long len = random.nextLong(max + 1);
                    int seed = random.nextInt();
                    log.println("B realloc " + ids.get(i));
                    RegionHandle h = alloc.realloc(handles.get(i), len);
                    h.write(0, payload(len, seed));
                    handles.set(i, h);
                    log.println("A realloc " + new Entry(ids.get(i), h.offset(), len, seed).format());
                } else {
                    int i = random.nextInt(handles.size());
                    log.println("B free " + ids.get(i));
                    alloc.dealloc(handles.remove(i));
                    log.println("A free " + ids.remove(i));
                }
            }
        }
    }
}
