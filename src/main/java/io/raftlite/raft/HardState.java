package io.raftlite.raft;

import io.raftlite.raft.message.NodeId;

import java.util.Optional;

/** The part of Raft's state besides the log that must be durable before it is acted on (§5, Figure 2). */
public record HardState(long term, Optional<NodeId> votedFor) {
    public static final HardState INITIAL = new HardState(0, Optional.empty());
}
