package io.raftlite.api;

/**
 * A node's state as /status reports it. Strings are empty when unknown (as rqlite reports them).
 *
 * @param role Raft role as rqlite names it: Leader, Follower, Candidate
 */
public record StatusReport(String nodeId, String raftAddress, String httpAddress, String role, long term,
                           String leaderId, String leaderRaftAddress, long commitIndex, long appliedIndex,
                           long lastLogIndex, boolean voter, String sqlitePath, long sqliteSize, String version) {
    public boolean leaderKnown() {
        return !leaderId.isEmpty();
    }
}
