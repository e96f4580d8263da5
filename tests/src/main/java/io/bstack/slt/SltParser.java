package io.bstack.slt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads sqllogictest scripts: records separated by blank lines, {@code #} comments, conditions. */
final class SltParser {
    private SltParser() {}

    static List<SltRecord> parse(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    static List<SltRecord> parse(List<String> lines) {
        List<SltRecord> out = new ArrayList<>();
        List<SltRecord.Condition> conditions = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            int start = i + 1;
            i++;
            if (line.startsWith("#")) {
                continue;
            }
            if (line.isBlank()) {
                conditions.clear();
                continue;
            }
            String[] words = line.trim().split("\\s+");
            switch (words[0]) {
                case "skipif", "onlyif" -> conditions.add(new SltRecord.Condition(words[0].equals("onlyif"), words[1]));
                case "hash-threshold" -> out.add(new SltRecord.HashThreshold(start, Integer.parseInt(words[1])));
                case "halt" -> {
                    out.add(new SltRecord.Halt(start));
                    conditions.clear();
                }
                case "statement" -> {
                    StringBuilder sql = new StringBuilder();
                    while (i < lines.size() && !lines.get(i).isBlank()) {
                        sql.append(sql.isEmpty() ? "" : "\n").append(lines.get(i++));
                    }
                    out.add(new SltRecord.Statement(start, List.copyOf(conditions), words[1].equals("error"),
                            sql.toString()));
                    conditions.clear();
                }
                case "query" -> {
                    StringBuilder sql = new StringBuilder();
                    while (i < lines.size() && !lines.get(i).isBlank() && !lines.get(i).equals("----")) {
                        sql.append(sql.isEmpty() ? "" : "\n").append(lines.get(i++));
                    }
                    List<String> expected = new ArrayList<>();
                    if (i < lines.size() && lines.get(i).equals("----")) {
                        i++;
                        while (i < lines.size() && !lines.get(i).isBlank()) {
                            expected.add(lines.get(i++));
                        }
                    }
                    out.add(new SltRecord.Query(start, List.copyOf(conditions), words[1],
                            words.length > 2 ? words[2] : "nosort", words.length > 3 ? words[3] : null, sql.toString(),
                            List.copyOf(expected)));
                    conditions.clear();
                }
                default -> throw new IllegalArgumentException("line " + start + ": unknown record \"" + line + "\"");
            }
        }
        return out;
    }
}
