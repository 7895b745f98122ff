package io.raftlite.raft.message;

/** Answer to {@link RequestVote}. A grant is sent only after the vote is durable. */
public record RequestVoteReply(long term, NodeId from, boolean granted) implements RaftMessage {
}
