package io.raftlite.raft;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Linearizable reads waiting on a leader (dissertation §6.4). Each read is assigned to the first
 * heartbeat round that starts after it arrived, and records the commit index at that moment; it is
 * confirmed once a quorum has acknowledged that round (or a later one). Rounds start in
 * increasing order, so confirmation is a prefix of the queue. At most one round is in flight:
 * reads arriving meanwhile wait and share the next one, so a burst of reads costs one heartbeat
 * round, not one each.
 */
final class ReadIndexQueue {
    private record PendingRead(long requestId, long readIndex, long round) {
    }

    private long currentRound;
    private final List<Long> unassigned = new ArrayList<>();
    private final ArrayDeque<PendingRead> awaitingQuorum = new ArrayDeque<>();

    void add(long requestId) {
        unassigned.add(requestId);
    }

    boolean hasUnassigned() {
        return !unassigned.isEmpty();
    }

    /** A round was started and a quorum has not confirmed it yet. */
    boolean roundInFlight() {
        return !awaitingQuorum.isEmpty();
    }

    long currentRound() {
        return currentRound;
    }

    /** Starts a new round for every read not yet in one; {@code commitIndex} becomes their read index. */
    void startRound(long commitIndex) {
        if (unassigned.isEmpty()) {
            return;
        }
        currentRound++;
        for (long requestId : unassigned) {
            awaitingQuorum.addLast(new PendingRead(requestId, commitIndex, currentRound));
        }
        unassigned.clear();
    }

    List<ReadOutcome> confirmThrough(long round) {
        List<ReadOutcome> confirmed = new ArrayList<>();
        while (!awaitingQuorum.isEmpty() && awaitingQuorum.peekFirst().round() <= round) {
            PendingRead read = awaitingQuorum.removeFirst();
            confirmed.add(new ReadOutcome(read.requestId(), OptionalLong.of(read.readIndex())));
        }
        return confirmed;
    }

    List<Long> drainAll() {
        List<Long> all = new ArrayList<>(unassigned);
        awaitingQuorum.forEach(read -> all.add(read.requestId()));
        unassigned.clear();
        awaitingQuorum.clear();
        return all;
    }
}
