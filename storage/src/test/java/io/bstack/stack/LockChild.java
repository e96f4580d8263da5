package io.bstack.stack;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child JVM of {@link StackLockTest}. {@code hold <file>} opens the stack, pushes a marker,
 * prints {@code held}, keeps the stack open until a line (or EOF) arrives on stdin, closes it and
 * prints {@code released}. {@code try <file>} attempts one open and prints {@code opened <len>}
 * (closing it again) or {@code failed <exception class> <message>}.
 */
public final class LockChild {
    static final byte[] MARKER = "held by a child".getBytes(StandardCharsets.US_ASCII);

    private LockChild() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]);
        switch (args[0]) {
            case "hold" -> {
                try (BStack stack = BStack.open(file)) {
                    stack.push(MARKER);
                    System.out.println("held");
                    System.out.flush();
                    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                }
                System.out.println("released");
            }
            case "try" -> {
                try (BStack stack = BStack.open(file)) {
                    System.out.println("opened " + stack.len());
                } catch (Exception e) {
                    System.out.println("failed " + e.getClass().getName() + " " + e.getMessage());
                }
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
        System.out.flush();
    }
}
