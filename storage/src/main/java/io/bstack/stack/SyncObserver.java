package io.bstack.stack;

/**
 * Test hook: sees the whole file image after every sync barrier, so tests can check the staged
 * journal tails and armed headers the format prescribes. Only reachable through
 * {@link StackOptions#testing()}.
 */
@FunctionalInterface
public interface SyncObserver {
    void synced(byte[] fileImage);
}
