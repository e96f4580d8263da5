package io.bstack.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exact file bytes at every durability barrier of a scripted sequence, against fixtures
 * written by hand from the format reference: staged journal tails, armed headers, commits.
 */
class GoldenBytesTest {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

    @FunctionalInterface
    interface Call {
        void on(BStack stack) throws IOException;
    }

    @Test
    void everyBarrierOfTheScriptMatchesTheFixture(@TempDir Path dir) throws IOException {
        Map<String, HexFixture.Step> expected = HexFixture.load("golden-script.hex");
        Map<String, Call> script = new LinkedHashMap<>();
        script.put("open", s -> { });
        script.put("extend(300)", s -> s.extend(300));
        script.put("push(01 02)", s -> s.push(bytes("01 02")));
        script.put("set(4, AA BB)", s -> s.set(4, bytes("AA BB")));
        script.put("set(220, C1..C8)", s -> s.set(220, bytes("C1 C2 C3 C4 C5 C6 C7 C8")));
        script.put("zero(200, 60)", s -> s.zero(200, 60));
        script.put("atrunc(2, D1 D2 D3 D4)", s -> s.atrunc(2, bytes("D1 D2 D3 D4")));
        script.put("setBatched(290: E2 E3 E4 E5, 0: E1)", s -> s.setBatched(List.of(
                new StackWrite(290, bytes("E2 E3 E4 E5")), new StackWrite(0, bytes("E1")))));
        script.put("crossExchange(4, 290, 2)", s -> s.crossExchange(4, 290, 2));
        script.put("copy(290, 100, 4)", s -> s.copy(290, 100, 4));
        script.put("copy(290, 220, 8)", s -> s.copy(290, 220, 8));
        script.put("pop(4)", s -> assertThat(s.pop(4)).isEqualTo(bytes("D1 D2 D3 D4")));
        script.put("atrunc(6, F1 F2)", s -> s.atrunc(6, bytes("F1 F2")));
        assertThat(script.keySet()).containsExactlyElementsOf(expected.keySet());

        Path file = dir.resolve("golden.bstack");
        List<byte[]> seen = new ArrayList<>();
        StackOptions options = StackOptions.testing().withoutSync().withSyncObserver(seen::add);
        boolean first = true;
        for (Map.Entry<String, Call> step : script.entrySet()) {
            HexFixture.Step want = expected.get(step.getKey());
            try (BStack stack = BStack.open(file, options)) {
                if (!first) {
                    seen.clear(); // drop the at-rest sync of reopening
                }
                first = false;
                step.getValue().on(stack);
            }
            assertThat(hexAll(seen)).as("barriers of %s", step.getKey()).containsExactlyElementsOf(hexAll(want.syncs()));
            // read only after close: closing any descriptor of the file would drop the stack's lock
            assertThat(hex(Files.readAllBytes(file))).as("final image of %s", step.getKey()).isEqualTo(hex(want.fin()));
        }
    }

    @Test
    void aStackWrittenByTheScriptReadsBackThroughTheApi(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("f.bstack");
        Files.write(file, HexFixture.load("golden-script.hex").get("atrunc(6, F1 F2)").fin());
        try (BStack stack = BStack.open(file)) {
            assertThat(stack.len()).isEqualTo(296);
            assertThat(stack.get(0, 6)).isEqualTo(bytes("E1 00 00 00 E2 E3"));
            assertThat(stack.get(290, 296)).isEqualTo(bytes("AA BB E4 E5 F1 F2"));
        }
    }

    static byte[] bytes(String hex) {
        return HEX.parseHex(hex);
    }

    private static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    private static List<String> hexAll(List<byte[]> images) {
        return images.stream().map(GoldenBytesTest::hex).toList();
    }
}
