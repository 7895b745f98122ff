package io.raftlite.raft.message;

/** Answer to {@link PreVote}: the requested term when granted, the voter's own term otherwise. */
public record PreVoteReply(long term, NodeId from, boolean granted) implements RaftMessage {
}
