package io.bstack.slt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sqllogictest corpus beside the repository ({@code ../../shared/conformance/sqllogictest/test},
 * or {@code -Dbstack.slt.dir}) and a way to run all of it on one engine. {@code -Dbstack.slt.query.stride=N}
 * runs every statement but only every N-th query (deterministic), for a CI-sized run.
 */
final class Corpus {
    private Corpus() {}

    /** Opens a fresh, empty database for one file. */
    @FunctionalInterface
    interface Database {
        Connection open() throws SQLException;
    }

    /** Opens a fresh, empty database for one file as a runner target (closed after the file). */
    @FunctionalInterface
    interface Engine {
        Opened open() throws SQLException, IOException;
    }

    /** A target with what closes it. */
    record Opened(SltRunner.Target target, AutoCloseable closer) {}

    /** What the whole corpus did on one engine. */
    record Report(List<String> lines, int passed, int failed, int skipped, List<String> failures) {
        double passRate() {
            return passed + failed == 0 ? 1.0 : (double) passed / (passed + failed);
        }
    }

    static Path root() {
        String configured = System.getProperty("bstack.slt.dir");
        if (configured != null) {
            return Paths.get(configured);
        }
        Path beside = Paths.get("../../shared/conformance/sqllogictest/test");
        return Files.isDirectory(beside) ? beside : Paths.get("/work/shared/conformance/sqllogictest/test");
    }

    static List<Path> files() {
        Path root = root();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int stride() {
        return Math.max(1, Integer.getInteger("bstack.slt.query.stride", 1));
    }

    /** Every N-th query of {@code records} (statements all kept, so the data stays the same). */
    static List<SltRecord> strided(List<SltRecord> records, int stride) {
        if (stride == 1) {
            return records;
        }
        List<SltRecord> out = new ArrayList<>();
        int queries = 0;
        for (SltRecord r : records) {
            if (!(r instanceof SltRecord.Query) || queries++ % stride == 0) {
                out.add(r);
            }
        }
        return out;
    }

    static Report run(Database db, String engine, int stride) throws IOException, SQLException {
        return run((Engine) () -> {
            Connection c = db.open();
            return new Opened(SltRunner.Target.of(c), c);
        }, engine, stride);
    }

    static Report run(Engine db, String engine, int stride) throws IOException, SQLException {
        List<String> lines = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        Path root = root();
        for (Path file : files()) {
            SltRunner.FileResult r;
            Opened o = db.open();
            try {
                r = new SltRunner(o.target(), engine).run(strided(SltParser.parse(file), stride));
            } finally {
                try {
                    o.closer().close();
                } catch (Exception e) {
                    throw new SQLException("closing the database of " + file + " failed: " + e, "HY000", e);
                }
            }
            passed += r.passed();
            failed += r.failed();
            skipped += r.skipped();
            String name = root.relativize(file).toString();
            lines.add(String.format(java.util.Locale.ROOT, "%-40s %7d / %7d passed (%.2f%%), %d skipped", name, r.passed(),
                    r.run(), r.run() == 0 ? 100.0 : 100.0 * r.passed() / r.run(), r.skipped()));
            for (SltRunner.Failure f : r.failures()) {
                failures.add(name + ":" + f.line() + ": " + f.reason() + "\n    " + f.sql().replace("\n", "\n    "));
            }
        }
        return new Report(lines, passed, failed, skipped, failures);
    }
}
