package io.raftlite.raft.message;

import java.util.List;

/**
 * Replicates entries after ({@code prevLogIndex}, {@code prevLogTerm}) and tells the follower the
 * leader's commit index (Raft §5.3). With no entries it is a heartbeat. {@code readRound} is the
 * leader's heartbeat round, echoed in the reply so that a linearizable read can wait for a quorum
 * round that started after it arrived (dissertation §6.4).
 */
public record AppendEntries(long term, NodeId from, long prevLogIndex, long prevLogTerm,
                            List<LogEntry> entries, long leaderCommit, long readRound) implements RaftMessage {
    public AppendEntries {
        entries = List.copyOf(entries);
    }
}
