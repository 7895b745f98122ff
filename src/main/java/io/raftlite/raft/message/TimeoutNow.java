package io.raftlite.raft.message;

/**
 * Leadership transfer (dissertation §3.10): the leader tells an up-to-date follower to start an
 * election at once, without waiting for its timeout or asking for pre-votes.
 */
public record TimeoutNow(long term, NodeId from) implements RaftMessage {
}
