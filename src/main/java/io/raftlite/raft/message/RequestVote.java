package io.raftlite.raft.message;

/** A candidate asks for a vote in {@code term} (Raft §5.2); the log position decides §5.4.1. */
public record RequestVote(long term, NodeId from, long lastLogIndex, long lastLogTerm) implements RaftMessage {
}
