package io.raftlite.raft.message;

/**
 * Answer to {@link AppendEntries}.
 *
 * <p>On success {@code matchIndex} is the last index the follower now knows to match the leader's
 * log; it is sent only after those entries are durable. On rejection {@code rejectedIndex} is the
 * request's prevLogIndex and ({@code hintIndex}, {@code hintTerm}) is the follower's last entry at or
 * before it whose term is at most the request's prevLogTerm, so the leader can skip a whole
 * conflicting term per round trip instead of one entry (fast backtracking).
 */
public record AppendEntriesReply(long term, NodeId from, boolean success, long matchIndex,
                                 long rejectedIndex, long hintIndex, long hintTerm,
                                 long readRound) implements RaftMessage {

    public static AppendEntriesReply accepted(long term, NodeId from, long matchIndex, long readRound) {
        return new AppendEntriesReply(term, from, true, matchIndex, 0, 0, 0, readRound);
    }

    public static AppendEntriesReply rejected(long term, NodeId from, long rejectedIndex,
                                              long hintIndex, long hintTerm, long readRound) {
        return new AppendEntriesReply(term, from, false, 0, rejectedIndex, hintIndex, hintTerm, readRound);
    }
}
