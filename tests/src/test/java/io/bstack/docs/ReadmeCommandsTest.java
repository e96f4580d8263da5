package io.bstack.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README opens with the two commands a new user runs, each the first line of its own fenced
 * block: the shell, then the tests, which is exactly what CI's {@code .ci/run} runs.
 */
class ReadmeCommandsTest {
    @Test
    void theFirstTwoBlocksAreTheShellThenTheTestsAsCiRunsThem() throws Exception {
        String readme = Files.readString(RepoDocs.root().resolve("README.md"));
        Matcher m = Pattern.compile("(?ms)^```[^\\n]*\\n(.*?)^```\\s*$").matcher(readme);
        List<String> firstLines = new ArrayList<>();
        while (m.find() && firstLines.size() < 2) {
            firstLines.add(m.group(1).lines().findFirst().orElse("").strip());
        }
        assertThat(firstLines).containsExactly("./bstack", "mvn -B verify");
        List<String> ci = Files.readAllLines(RepoDocs.root().resolve(".ci/run")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(ci.getLast()).isEqualTo("mvn -B verify");
    }
}
