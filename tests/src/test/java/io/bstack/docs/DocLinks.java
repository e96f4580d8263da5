package io.bstack.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Relative links of a Markdown document: each must name an existing file or directory, and an
 * anchor into a Markdown file must name one of its headings (GitHub's slugs). Links inside fenced
 * code and to other sites are not checked.
 */
final class DocLinks {
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    private DocLinks() {
    }

    /** The broken links of {@code text}, the document at {@code doc}, each as "name:line: link (why)". */
    static List<String> broken(Path doc, String name, String text) {
        List<String> out = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        boolean fenced = false;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher m = LINK.matcher(lines[i].replaceAll("`[^`]*`", "``"));
            while (m.find()) {
                String link = m.group(1);
                if (link.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    continue;   // http:, https:, mailto:
                }
                String problem = problem(doc, text, link);
                if (problem != null) {
                    out.add(name + ":" + (i + 1) + ": " + link + " (" + problem + ")");
                }
            }
        }
        return out;
    }

    private static String problem(Path doc, String text, String link) {
        int hash = link.indexOf('#');
        String file = hash < 0 ? link : link.substring(0, hash);
        String anchor = hash < 0 ? null : link.substring(hash + 1);
        Path target = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
        if (!Files.exists(target)) {
            return "no such file";
        }
        if (anchor == null || !target.toString().endsWith(".md")) {
            return null;
        }
        try {
            String targetText = target.equals(doc) ? text : Files.readString(target);
            return anchors(targetText).contains(anchor) ? null : "no heading with anchor #" + anchor;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The anchors GitHub gives the headings of {@code markdown}. */
    static Set<String> anchors(String markdown) {
        Set<String> out = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : markdown.split("\r?\n")) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            Matcher m = HEADING.matcher(line);
            if (fenced || !m.matches()) {
                continue;
            }
            String slug = m.group(1).toLowerCase(Locale.ROOT)
                    .replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
                    .replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-');
            int n = seen.merge(slug, 1, Integer::sum);
            out.add(n == 1 ? slug : slug + "-" + (n - 1));
        }
        return out;
    }
}
