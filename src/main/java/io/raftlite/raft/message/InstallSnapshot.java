package io.raftlite.raft.message;

/**
 * The leader's snapshot has arrived whole at this follower and is stored durably (dissertation
 * §5.1, Figure 5.3, without the data: the host moves the bytes in chunks, verifies them, and hands
 * the Raft node only this notice). The follower replaces the covered part of its log with it.
 */
public record InstallSnapshot(long term, NodeId from, SnapshotMeta snapshot) implements RaftMessage {
}
