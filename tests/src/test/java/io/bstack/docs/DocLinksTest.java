package io.bstack.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every relative link of README.md and docs/ points at a file that exists (and a heading that exists). */
class DocLinksTest {
    @Test
    void everyRelativeLinkResolves() throws Exception {
        List<String> broken = new ArrayList<>();
        for (Path doc : RepoDocs.documents()) {
            broken.addAll(DocLinks.broken(doc, RepoDocs.name(doc), Files.readString(doc)));
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void theCheckerFindsBrokenLinksAndAnchors() {
        Path readme = RepoDocs.root().resolve("README.md");
        String text = """
                # Title here
                [ok](docs/README.md) [ok too](#title-here) [site](https://example.com/x) `[code](nowhere.md)`
                [gone](docs/nowhere.md)
                [bad anchor](#no-such-heading)
                ```
                [in code](nowhere.md)
                ```
                """;
        assertThat(DocLinks.broken(readme, "README.md", text)).containsExactly(
                "README.md:3: docs/nowhere.md (no such file)",
                "README.md:4: #no-such-heading (no heading with anchor #no-such-heading)");
    }

    @Test
    void anchorsFollowGitHubsSlugs() {
        assertThat(DocLinks.anchors("## Region allocators (issue 3)\n## `ALLOC` and `FREE`\n# Same\n# Same\n"))
                .containsExactlyInAnyOrder("region-allocators-issue-3", "alloc-and-free", "same", "same-1");
    }
}
