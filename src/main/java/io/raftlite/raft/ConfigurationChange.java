package io.raftlite.raft;

import java.util.OptionalLong;

/**
 * The outcome of {@link RaftNode#proposeConfiguration}: appended at {@code index}, or refused with
 * the reason (not leader, a change already in progress, ...). A refused change can be retried.
 */
public record ConfigurationChange(Ready ready, OptionalLong index, String refusal) {
    public boolean accepted() {
        return index.isPresent();
    }
}
