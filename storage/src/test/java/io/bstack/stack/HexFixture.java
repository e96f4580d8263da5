package io.bstack.stack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the golden-bytes fixtures: {@code ## step} sections, each with {@code sync:} images (one per
 * durability barrier) and one {@code final:} image; tokens {@code XX} or {@code XX*N}; {@code #} comments.
 */
final class HexFixture {
    record Step(String name, List<byte[]> syncs, byte[] fin) {}

    private HexFixture() {}

    static Map<String, Step> load(String resource) throws IOException {
        String text;
        try (InputStream in = HexFixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing fixture " + resource);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, Step> steps = new LinkedHashMap<>();
        String name = null;
        List<byte[]> syncs = new ArrayList<>();
        byte[] fin = null;
        ByteArrayOutputStream current = null;
        boolean currentIsFinal = false;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("## ")) {
                if (name != null) {
                    fin = close(current, currentIsFinal, syncs, fin);
                    steps.put(name, new Step(name, syncs, fin));
                }
                name = line.substring(3).strip();
                syncs = new ArrayList<>();
                fin = null;
                current = null;
                continue;
            }
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash).strip();
            }
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("sync:") || line.startsWith("final:")) {
                fin = close(current, currentIsFinal, syncs, fin);
                currentIsFinal = line.startsWith("final:");
                current = new ByteArrayOutputStream();
                line = line.substring(line.indexOf(':') + 1).strip();
            }
            if (current == null) {
                throw new IOException("bytes outside an image in " + resource + ": " + raw);
            }
            for (String token : line.split("\\s+")) {
                if (!token.isEmpty()) {
                    appendToken(current, token);
                }
            }
        }
        if (name != null) {
            fin = close(current, currentIsFinal, syncs, fin);
            steps.put(name, new Step(name, syncs, fin));
        }
        return steps;
    }

    private static byte[] close(ByteArrayOutputStream image, boolean isFinal, List<byte[]> syncs, byte[] fin) {
        if (image == null) {
            return fin;
        }
        if (isFinal) {
            return image.toByteArray();
        }
        syncs.add(image.toByteArray());
        return fin;
    }

    private static void appendToken(ByteArrayOutputStream out, String token) {
        int star = token.indexOf('*');
        int value = HexFormat.fromHexDigits(star < 0 ? token : token.substring(0, star));
        int count = star < 0 ? 1 : Integer.parseInt(token.substring(star + 1));
        if (value > 0xFF || (star < 0 ? token.length() : star) != 2) {
            throw new IllegalArgumentException("bad fixture token " + token);
        }
        for (int i = 0; i < count; i++) {
            out.write(value);
        }
    }
}
