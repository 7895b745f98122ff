package io.raftlite.jepsen;

/**
 * One client operation of a history: its call and return positions in time (return is
 * {@link Long#MAX_VALUE} when the outcome is unknown: it may take effect any time after its call,
 * or never), what it asked, and what it answered.
 *
 * @param function read, write or cas
 * @param argument the written value, the cas [old, new], nothing for a read
 * @param result   the value read; for cas whether it matched; null when unknown
 */
record Operation(int id, int process, long call, long ret, String function, Object argument, Object result) {
    boolean outcomeUnknown() {
        return ret == Long.MAX_VALUE;
    }
}
