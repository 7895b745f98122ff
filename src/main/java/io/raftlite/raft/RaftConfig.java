package io.raftlite.raft;

/**
 * Protocol tuning, in ticks (the host turns one periodic timer into ticks).
 *
 * @param electionTimeoutTicks  a follower that hears no leader for a random time in
 *                              [T, 2T) ticks starts a pre-vote; a leader that has not heard from a
 *                              quorum for T ticks steps down (check-quorum)
 * @param heartbeatTicks        the leader sends heartbeats every this many ticks; must be well
 *                              below the election timeout
 * @param maxEntriesPerAppend   entries per AppendEntries message
 * @param maxBytesPerAppend     approximate payload bytes per AppendEntries message, kept below
 *                              Artery's frame size (256 KiB)
 * @param maxInflightAppends    AppendEntries messages sent to one follower without waiting for
 *                              replies (pipelining)
 */
public record RaftConfig(int electionTimeoutTicks, int heartbeatTicks, int maxEntriesPerAppend,
                         int maxBytesPerAppend, int maxInflightAppends) {

    public RaftConfig {
        if (heartbeatTicks < 1 || electionTimeoutTicks < 2 * heartbeatTicks) {
            throw new IllegalArgumentException("need 1 <= heartbeatTicks and electionTimeoutTicks >= 2 * heartbeatTicks, got "
                    + heartbeatTicks + " and " + electionTimeoutTicks);
        }
        if (maxEntriesPerAppend < 1 || maxBytesPerAppend < 1 || maxInflightAppends < 1) {
            throw new IllegalArgumentException("append limits must be positive");
        }
    }

    /** Defaults for a 100 ms tick: election timeout 1-2 s, heartbeats every 200 ms. */
    public static RaftConfig defaults() {
        return new RaftConfig(10, 2, 512, 128 * 1024, 64);
    }
}
