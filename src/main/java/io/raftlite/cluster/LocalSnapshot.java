package io.raftlite.cluster;

import io.raftlite.api.SnapshotControl;
import io.raftlite.raft.actor.RaftActor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** Log compaction on this node (every node compacts its own log; nothing is forwarded). */
public final class LocalSnapshot implements SnapshotControl {
    /** Making a large database durable is one fsync of its WAL, but the disk may be slow. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final ActorRef<RaftActor.Command> raft;
    private final Scheduler scheduler;

    public LocalSnapshot(ActorRef<RaftActor.Command> raft, Scheduler scheduler) {
        this.raft = raft;
        this.scheduler = scheduler;
    }

    @Override
    public CompletionStage<Compaction> compactLog() {
        return Asks.<RaftActor.Command, RaftActor.SnapshotTaken>ask(raft, RaftActor.TakeSnapshot::new, TIMEOUT, scheduler)
                .thenApply(taken -> new Compaction(taken.previousIndex(), taken.index()));
    }
}
