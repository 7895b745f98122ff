package io.raftlite.db.actor;

import io.raftlite.db.AppliedEntry;
import io.raftlite.db.SqliteSnapshots;
import io.raftlite.db.SqliteStateMachine;
import io.raftlite.raft.actor.Applier;
import io.raftlite.raft.message.EntryType;
import io.raftlite.raft.message.LogEntry;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.List;

/**
 * Applies committed entries to the SQLite state machine, in order, and reports each entry's
 * statement results. If SQLite cannot commit a batch the actor stops: carrying on would skip entries.
 */
public final class SqlApplier {
    private SqlApplier() {
    }

    /**
     * @param databaseFile the state machine's file, copied (by a separate read connection on the
     *                     blocking-I/O dispatcher) when a follower needs a snapshot
     */
    public static Behavior<Applier.Command> create(SqliteStateMachine stateMachine, Path databaseFile) {
        return Behaviors.setup(context -> Behaviors.receive(Applier.Command.class)
                .onMessage(Applier.GetLastApplied.class, request -> {
                    request.replyTo().tell(new Applier.LastApplied(stateMachine.lastAppliedIndex()));
                    return Behaviors.same();
                })
                .onMessage(Applier.Apply.class, request -> {
                    List<LogEntry> entries = request.entries();
                    List<AppliedEntry> toApply = new ArrayList<>(entries.size());
                    for (LogEntry entry : entries) {
                        toApply.add(entry.type() == EntryType.COMMAND
                                ? new AppliedEntry(entry.index(), entry.term(), entry.data())
                                : AppliedEntry.nothingToRun(entry.index(), entry.term()));
                    }
                    var results = stateMachine.apply(toApply);
                    List<Applier.EntryResult> replies = new ArrayList<>(entries.size());
                    for (int i = 0; i < entries.size(); i++) {
                        replies.add(new Applier.EntryResult(entries.get(i).index(), entries.get(i).term(), results.get(i)));
                    }
                    request.replyTo().tell(new Applier.Applied(replies));
                    return Behaviors.same();
                })
                .onMessage(Applier.MakeDurable.class, request -> {
                    request.replyTo().tell(new Applier.DurableThrough(stateMachine.makeDurable()));
                    return Behaviors.same();
                })
                .onMessage(Applier.RunExclusive.class, request -> {
                    request.action().run();
                    return Behaviors.same();
                })
                .onMessage(Applier.ExportSnapshot.class, request -> {
                    // The copy is one read transaction on its own connection: applies go on meanwhile.
                    Executor blocking = context.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
                    CompletableFuture.supplyAsync(() -> SqliteSnapshots.export(databaseFile, request.directory()), blocking)
                            .handle((exported, failure) -> failure == null
                                    ? new Applier.SnapshotExported(exported.file(), exported.appliedIndex(), exported.size(),
                                            exported.checksum())
                                    : new Applier.ExportFailed(String.valueOf(failure.getMessage())))
                            .thenAccept(request.replyTo()::tell);
                    return Behaviors.same();
                })
                .onMessage(Applier.RestoreSnapshot.class, request -> {
                    stateMachine.restoreFrom(request.file());
                    request.replyTo().tell(new Applier.Restored(stateMachine.lastAppliedIndex()));
                    return Behaviors.same();
                })
                .onSignal(org.apache.pekko.actor.typed.PostStop.class, signal -> {
                    stateMachine.close();
                    return Behaviors.same();
                })
                .build());
    }
}
