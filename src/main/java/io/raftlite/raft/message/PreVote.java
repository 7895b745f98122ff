package io.raftlite.raft.message;

/**
 * Asks whether the sender could win an election (Raft dissertation §9.6). {@code term} is the
 * term the sender would campaign in (its own term + 1); nobody changes state on receiving it, so
 * a node cut off from the cluster cannot inflate terms and depose a healthy leader on return.
 */
public record PreVote(long term, NodeId from, long lastLogIndex, long lastLogTerm) implements RaftMessage {
}
