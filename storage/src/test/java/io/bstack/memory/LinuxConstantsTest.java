package io.bstack.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiles a C program against this machine's headers and compares every constant we pass to the kernel. */
class LinuxConstantsTest {

    private static final String PROGRAM = """
            #define _GNU_SOURCE
            #include <stdio.h>
            #include <errno.h>
            #include <unistd.h>
            #include <sys/mman.h>
            #include <sys/resource.h>
            #include <linux/mman.h>
            int main(void) {
              printf("PROT_NONE %d\\n", PROT_NONE);
              printf("PROT_READ %d\\n", PROT_READ);
              printf("PROT_WRITE %d\\n", PROT_WRITE);
              printf("MAP_PRIVATE %d\\n", MAP_PRIVATE);
              printf("MAP_ANONYMOUS %d\\n", MAP_ANONYMOUS);
              printf("MAP_POPULATE %d\\n", MAP_POPULATE);
              printf("MAP_HUGETLB %d\\n", MAP_HUGETLB);
              printf("MAP_HUGE_SHIFT %d\\n", MAP_HUGE_SHIFT);
              printf("MADV_DONTNEED %d\\n", MADV_DONTNEED);
              printf("MADV_DONTDUMP %d\\n", MADV_DONTDUMP);
              printf("RLIMIT_MEMLOCK %d\\n", (int) RLIMIT_MEMLOCK);
              printf("RLIM_INFINITY %lld\\n", (long long) RLIM_INFINITY);
              printf("SC_PAGESIZE %d\\n", _SC_PAGESIZE);
              printf("ENOMEM %d\\n", ENOMEM);
              printf("EINVAL %d\\n", EINVAL);
              printf("SIZEOF_RLIM_T %d\\n", (int) sizeof(rlim_t));
              return 0;
            }
            """;

    @Test
    void javaConstantsMatchThePlatformHeaders(@TempDir Path dir) throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase().startsWith("linux"), "Linux only");
        assumeTrue(onPath("gcc"), "gcc is not installed: cannot check the constants against the C headers");
        Path source = dir.resolve("consts.c");
        Path binary = dir.resolve("consts");
        Files.writeString(source, PROGRAM);
        run(List.of("gcc", "-o", binary.toString(), source.toString()));
        Map<String, Long> c = new HashMap<>();
        for (String line : run(List.of(binary.toString())).split("\n")) {
            String[] parts = line.trim().split(" ");
            c.put(parts[0], Long.parseLong(parts[1]));
        }
        assertThat(c).containsEntry("PROT_NONE", (long) LinuxConstants.PROT_NONE)
                .containsEntry("PROT_READ", (long) LinuxConstants.PROT_READ)
                .containsEntry("PROT_WRITE", (long) LinuxConstants.PROT_WRITE)
                .containsEntry("MAP_PRIVATE", (long) LinuxConstants.MAP_PRIVATE)
                .containsEntry("MAP_ANONYMOUS", (long) LinuxConstants.MAP_ANONYMOUS)
                .containsEntry("MAP_POPULATE", (long) LinuxConstants.MAP_POPULATE)
                .containsEntry("MAP_HUGETLB", (long) LinuxConstants.MAP_HUGETLB)
                .containsEntry("MAP_HUGE_SHIFT", (long) LinuxConstants.MAP_HUGE_SHIFT)
                .containsEntry("MADV_DONTNEED", (long) LinuxConstants.MADV_DONTNEED)
                .containsEntry("MADV_DONTDUMP", (long) LinuxConstants.MADV_DONTDUMP)
                .containsEntry("RLIMIT_MEMLOCK", (long) LinuxConstants.RLIMIT_MEMLOCK)
                .containsEntry("RLIM_INFINITY", LinuxConstants.RLIM_INFINITY)
                .containsEntry("SC_PAGESIZE", (long) LinuxConstants.SC_PAGESIZE)
                .containsEntry("ENOMEM", (long) LinuxConstants.ENOMEM)
                .containsEntry("EINVAL", (long) LinuxConstants.EINVAL)
                .containsEntry("SIZEOF_RLIM_T", 8L);
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        assertThat(p.exitValue()).as("%s exit code; output:%n%s", command, out).isZero();
        return out;
    }
}
