package io.raftlite.raft.message;

/**
 * A candidate asks for a vote in {@code term} (Raft §5.2); the log position decides §5.4.1.
 * {@code transfer} marks an election the leader asked for (TimeoutNow): voters then grant it even
 * though they heard from that leader moments ago.
 */
public record RequestVote(long term, NodeId from, long lastLogIndex, long lastLogTerm, boolean transfer) implements RaftMessage {
    public RequestVote(long term, NodeId from, long lastLogIndex, long lastLogTerm) {
        this(term, from, lastLogIndex, lastLogTerm, false);
    }
}
