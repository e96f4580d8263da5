package io.bstack.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The documents a user reads: {@code README.md} at the repository root and every {@code docs/**.md}. */
final class RepoDocs {
    private RepoDocs() {
    }

    /** The repository root: the nearest directory up from the working directory with README.md and docs/. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("README.md")) && Files.isDirectory(d.resolve("docs"))
                    && Files.isRegularFile(d.resolve("pom.xml"))) {
                return d;
            }
        }
        throw new IllegalStateException("no repository root (README.md, docs/, pom.xml) above " + dir);
    }

    /** README.md and the Markdown files under docs/, sorted. */
    static List<Path> documents() {
        Path root = root();
        List<Path> out = new ArrayList<>();
        out.add(root.resolve("README.md"));
        try (Stream<Path> files = Files.walk(root.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The path of {@code doc} relative to the root, for messages. */
    static String name(Path doc) {
        return root().relativize(doc).toString();
    }
}
