package io.bstack.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where benchmark files live: a fresh directory under {@code bstack.bench.dir} (the pom points it at
 * {@code bench/target/bench-data}) or, when that property is absent, under {@code java.io.tmpdir}.
 * The directory must be on a real disk: a tmpfs makes {@code force} free and the numbers meaningless.
 */
final class BenchFiles {

    /** Appends and pushes restart from an empty file once this many bytes have been written. */
    static final long GROWTH_LIMIT = 16L << 20;

    private BenchFiles() {}

    /** Creates a fresh, empty directory for one trial and reports its file system on stdout. */
    static Path newDir(String prefix) {
        try {
            Path base = Path.of(System.getProperty("bstack.bench.dir", System.getProperty("java.io.tmpdir")));
            Files.createDirectories(base);
            Path dir = Files.createTempDirectory(base, prefix);
            FileStore store = Files.getFileStore(dir);
            System.out.println("# bench dir " + dir + " on " + store.type() + " (" + store.name() + ")");
            if ("tmpfs".equals(store.type())) {
                System.out.println("# WARNING: tmpfs; set -Dbstack.bench.dir to a directory on a real disk");
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a directory made by {@link #newDir} with everything in it. */
    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A deterministic, incompressible-looking payload. */
    static byte[] payload(int size, long seed) {
        byte[] b = new byte[size];
        new java.util.SplittableRandom(seed).nextBytes(b);
        return b;
    }
}
