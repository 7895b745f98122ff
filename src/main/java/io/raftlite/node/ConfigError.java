package io.raftlite.node;

/** A node config problem, as the one line an operator needs: which file, which key, what is wrong. */
public final class ConfigError extends RuntimeException {
    public ConfigError(String message) {
        super(message);
    }
}
