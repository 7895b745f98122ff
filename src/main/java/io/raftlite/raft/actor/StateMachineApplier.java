package io.raftlite.raft.actor;

import io.raftlite.raft.StateMachine;
import io.raftlite.raft.message.LogEntry;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies committed entries to a {@link StateMachine}, one batch at a time, in order. Spawn it on a
 * dedicated dispatcher when the state machine blocks (SQLite does). Entries at or below the
 * applied index are skipped, so a repeated batch is never applied twice.
 */
public final class StateMachineApplier {
    private StateMachineApplier() {
    }

    public static Behavior<Applier.Command> create(StateMachine stateMachine) {
        return Behaviors.receive(Applier.Command.class)
                .onMessage(Applier.GetLastApplied.class, request -> {
                    request.replyTo().tell(new Applier.LastApplied(stateMachine.lastAppliedIndex()));
                    return Behaviors.same();
                })
                .onMessage(Applier.Apply.class, request -> {
                    List<LogEntry> fresh = request.entries().stream()
                            .filter(entry -> entry.index() > stateMachine.lastAppliedIndex()).toList();
                    if (!fresh.isEmpty()) {
                        List<Object> results = stateMachine.apply(fresh);
                        List<Applier.EntryResult> replies = new ArrayList<>(fresh.size());
                        for (int i = 0; i < fresh.size(); i++) {
                            replies.add(new Applier.EntryResult(fresh.get(i).index(), fresh.get(i).term(), results.get(i)));
                        }
                        request.replyTo().tell(new Applier.Applied(replies));
                    }
                    return Behaviors.same();
                })
                .build();
    }
}
