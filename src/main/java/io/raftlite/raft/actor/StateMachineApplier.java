package io.raftlite.raft.actor;

import io.raftlite.raft.message.LogEntry;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies committed entries to a {@link SnapshottingStateMachine}, one batch at a time, in order. Spawn it on a
 * dedicated dispatcher when the state machine blocks (SQLite does). Entries at or below the
 * applied index are skipped, so a repeated batch is never applied twice.
 */
public final class StateMachineApplier {
    private StateMachineApplier() {
    }

    public static Behavior<Applier.Command> create(SnapshottingStateMachine stateMachine) {
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
                .onMessage(Applier.MakeDurable.class, request -> {
                    request.replyTo().tell(new Applier.DurableThrough(stateMachine.makeDurable()));
                    return Behaviors.same();
                })
                .onMessage(Applier.ExportSnapshot.class, request -> {
                    request.replyTo().tell(export(stateMachine, request.directory()));
                    return Behaviors.same();
                })
                .onMessage(Applier.RunExclusive.class, request -> {
                    request.action().run();
                    return Behaviors.same();
                })
                .onMessage(Applier.RestoreSnapshot.class, request -> {
                    request.replyTo().tell(new Applier.Restored(stateMachine.restoreFrom(request.file())));
                    return Behaviors.same();
                })
                .build();
    }

    private static Applier.ExportResult export(SnapshottingStateMachine stateMachine, Path directory) {
        try {
            Files.createDirectories(directory);
            Path partial = Files.createTempFile(directory, "export-", ".part");
            long index = stateMachine.exportTo(partial);
            Path file = directory.resolve("snapshot-" + index + ".export");
            TransferFiles.moveDurably(partial, file);
            return new Applier.SnapshotExported(file, index, Files.size(file), TransferFiles.checksum(file));
        } catch (IOException | RuntimeException failure) {
            return new Applier.ExportFailed("cannot export a snapshot: " + failure.getMessage());
        }
    }
}
