package io.raftlite.raft;

import java.util.ArrayDeque;

/**
 * What a leader knows about one follower's log (etcd's Progress, in the paper's words).
 *
 * <p>Invariant: {@code matchIndex < nextIndex}. In PROBE mode the leader does not know where the
 * logs agree, so it sends one AppendEntries at a time and waits for the answer (or the next
 * heartbeat). In REPLICATE mode the follower is known to match up to {@code matchIndex} and the
 * leader streams entries optimistically, up to a window of unacknowledged messages. In SNAPSHOT
 * mode the follower needs entries the leader has compacted: the host is sending it a snapshot,
 * and only heartbeats go out until the follower acknowledges it (or the transfer fails).
 */
final class Progress {
    enum Mode { PROBE, REPLICATE, SNAPSHOT }

    long matchIndex;
    long nextIndex;
    Mode mode = Mode.PROBE;
    /** In PROBE mode: a message is outstanding, wait for its answer or the next heartbeat. */
    boolean probeSent;
    /** In REPLICATE mode: the last index carried by each unacknowledged AppendEntries, oldest first. */
    private final ArrayDeque<Long> inflight = new ArrayDeque<>();
    /** The leader's tick at which it last heard from this follower (0: at the start of the term). */
    long lastHeardTick;
    /** Made progress since the last heartbeat; if not while behind, replication stalled (lost message). */
    boolean progressedSinceHeartbeat;
    /** Highest heartbeat round the follower has acknowledged in the current term. */
    long acknowledgedReadRound;

    Progress(long nextIndex) {
        this.nextIndex = nextIndex;
    }

    /** A success reply: returns true if it taught us something new. */
    boolean acknowledge(long newMatchIndex) {
        while (!inflight.isEmpty() && inflight.peekFirst() <= newMatchIndex) {
            inflight.removeFirst();
        }
        if (newMatchIndex <= matchIndex) {
            return false;
        }
        matchIndex = newMatchIndex;
        nextIndex = Math.max(nextIndex, newMatchIndex + 1);
        progressedSinceHeartbeat = true;
        probeSent = false;
        if (mode != Mode.REPLICATE) {
            mode = Mode.REPLICATE;
        }
        return true;
    }

    /**
     * A rejection of the AppendEntries whose prevLogIndex was {@code rejectedIndex}. Returns false
     * for a stale rejection (an answer to an older message), which must not move nextIndex back
     * (a delayed, duplicated reply never undoes progress).
     */
    boolean rejected(long rejectedIndex, long resumeAfterIndex) {
        if (mode == Mode.SNAPSHOT) {
            return false; // heartbeats meanwhile may not match; the snapshot settles it
        }
        if (mode == Mode.REPLICATE) {
            if (rejectedIndex <= matchIndex) {
                return false;
            }
            becomeProbe();
            return true;
        }
        if (rejectedIndex != nextIndex - 1) {
            return false;
        }
        nextIndex = Math.max(matchIndex + 1, Math.min(rejectedIndex, resumeAfterIndex + 1));
        probeSent = false;
        return true;
    }

    void becomeProbe() {
        mode = Mode.PROBE;
        nextIndex = matchIndex + 1;
        probeSent = false;
        inflight.clear();
    }

    /** The follower has the snapshot up to {@code snapshotIndex}: probe right after it (etcd does the same). */
    void snapshotDelivered(long snapshotIndex) {
        becomeProbe();
        nextIndex = Math.max(matchIndex, snapshotIndex) + 1;
    }

    void becomeSnapshot() {
        mode = Mode.SNAPSHOT;
        inflight.clear();
    }

    boolean canSend(int maxInflight) {
        return switch (mode) {
            case PROBE -> !probeSent;
            case REPLICATE -> inflight.size() < maxInflight;
            case SNAPSHOT -> false;
        };
    }

    /** Records an AppendEntries carrying entries up to {@code lastIndex} (or none). */
    void sent(long lastIndex, boolean carriedEntries) {
        if (mode == Mode.PROBE) {
            probeSent = true;
        } else if (carriedEntries) {
            inflight.addLast(lastIndex);
            nextIndex = lastIndex + 1;
        }
    }
}
