package io.raftlite.raft.actor;

import org.apache.pekko.actor.typed.ActorRef;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Proposals appended to the log and waiting for their outcome. A proposal is answered when its
 * index is applied: with the result if the entry there is ours (same term), as unknown otherwise
 * or when its deadline passes. It is never answered "failed": once appended, a later leader may
 * still commit it (DESIGN rule 8). Losing leadership alone does not answer it either: this node
 * keeps applying what the new leader commits and learns the outcome.
 */
final class ProposalTracker {
    private record Pending(long term, ActorRef<RaftActor.ProposeReply> replyTo, long deadlineTick) {
    }

    private final TreeMap<Long, Pending> byIndex = new TreeMap<>();

    void track(long index, long term, ActorRef<RaftActor.ProposeReply> replyTo, long deadlineTick) {
        byIndex.put(index, new Pending(term, replyTo, deadlineTick));
    }

    void applied(long index, long term, Object result) {
        Pending pending = byIndex.remove(index);
        if (pending == null) {
            return;
        }
        if (pending.term() == term) {
            pending.replyTo().tell(new RaftActor.Committed(index, term, result));
        } else {
            pending.replyTo().tell(new RaftActor.OutcomeUnknown("leadership changed before index " + index
                    + " was committed; another entry took its place, so it will not be applied"));
        }
    }

    void expire(long nowTick) {
        Iterator<Map.Entry<Long, Pending>> iterator = byIndex.entrySet().iterator();
        while (iterator.hasNext()) {
            Map.Entry<Long, Pending> entry = iterator.next();
            if (entry.getValue().deadlineTick() <= nowTick) {
                entry.getValue().replyTo().tell(new RaftActor.OutcomeUnknown("timed out waiting for index "
                        + entry.getKey() + " to commit; it may still be applied"));
                iterator.remove();
            }
        }
    }

    int size() {
        return byIndex.size();
    }
}
