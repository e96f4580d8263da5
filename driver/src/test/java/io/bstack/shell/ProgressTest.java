package io.bstack.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The progress line: nothing for quick work or when stderr is no terminal, else rows and time, then erased. */
class ProgressTest {

    @Test
    void slowWorkShowsRowsAndTimeThenErasesTheLine() throws InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Progress p = Progress.start(err, "importing x.csv", true)) {
            p.rows(12_345);
            Thread.sleep(Progress.DELAY_MILLIS + 300);
        }
        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertThat(shown).contains("importing x.csv").contains("12,345 rows").containsPattern("\\d\\.\\d s")
                .endsWith("\r\u001b[K");
    }

    @Test
    void quickWorkAndNonTerminalsShowNothing() throws InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Progress p = Progress.start(err, "running", true)) {
            p.rows(1);
        }
        try (Progress p = Progress.start(err, "running", false)) {
            p.rows(2);
            Thread.sleep(Progress.DELAY_MILLIS + 200);
        }
        assertThat(bytes.size()).isZero();
    }
}
