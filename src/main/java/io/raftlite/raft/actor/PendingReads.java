package io.raftlite.raft.actor;

import org.apache.pekko.actor.typed.ActorRef;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.ArrayList;
import java.util.List;

/**
 * Linearizable reads between "asked the core" and "answered": first waiting for the core to confirm
 * leadership, then for the state machine to apply up to the read index (DESIGN rule 6).
 */
final class PendingReads {
    private long nextRequestId = 1;
    private final Map<Long, ActorRef<RaftActor.ReadIndexReply>> awaitingConfirmation = new HashMap<>();
    private final TreeMap<Long, List<ActorRef<RaftActor.ReadIndexReply>>> awaitingApply = new TreeMap<>();

    long register(ActorRef<RaftActor.ReadIndexReply> replyTo) {
        long requestId = nextRequestId++;
        awaitingConfirmation.put(requestId, replyTo);
        return requestId;
    }

    /** Leadership confirmed for the request: answer now if applied far enough, else wait. */
    void confirmed(long requestId, long readIndex, long appliedIndex) {
        ActorRef<RaftActor.ReadIndexReply> replyTo = awaitingConfirmation.remove(requestId);
        if (replyTo == null) {
            return;
        }
        if (appliedIndex >= readIndex) {
            replyTo.tell(new RaftActor.ReadConfirmed(readIndex));
        } else {
            awaitingApply.computeIfAbsent(readIndex, index -> new ArrayList<>()).add(replyTo);
        }
    }

    void refused(long requestId, RaftActor.ReadIndexReply refusal) {
        ActorRef<RaftActor.ReadIndexReply> replyTo = awaitingConfirmation.remove(requestId);
        if (replyTo != null) {
            replyTo.tell(refusal);
        }
    }

    void applied(long appliedIndex) {
        while (!awaitingApply.isEmpty() && awaitingApply.firstKey() <= appliedIndex) {
            var entry = awaitingApply.pollFirstEntry();
            entry.getValue().forEach(replyTo -> replyTo.tell(new RaftActor.ReadConfirmed(entry.getKey())));
        }
    }
}
