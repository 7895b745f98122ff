package io.raftlite.raft;

import java.util.OptionalLong;

/**
 * The outcome of {@link RaftNode#propose}: if {@code firstIndex} is present the commands were
 * appended in term {@code ready.term()} at consecutive indexes from it; if not, this node is not
 * leader and {@code ready.leader()} names the leader when known.
 */
public record ProposeResult(Ready ready, OptionalLong firstIndex) {
    public boolean accepted() {
        return firstIndex.isPresent();
    }
}
