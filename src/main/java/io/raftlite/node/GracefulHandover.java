package io.raftlite.node;

import io.raftlite.cluster.Asks;
import io.raftlite.raft.actor.RaftActor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A leader that is shut down gracefully (SIGTERM) first hands leadership to the most up-to-date
 * voter, so a planned restart costs the cluster no election timeout. Then, with
 * {@code raft.leave-on-shutdown}, the node removes itself from the cluster. Bounded: shutdown goes
 * on after the patience whatever happened.
 */
final class GracefulHandover {
    private static final Logger LOG = LoggerFactory.getLogger(GracefulHandover.class);
    private static final Duration PATIENCE = Duration.ofSeconds(5);
    private static final Duration ASK = Duration.ofSeconds(2);
    private static final Duration LEAVE_PATIENCE = Duration.ofSeconds(12);

    private GracefulHandover() {
    }

    /**
     * @param leave removes this node from the cluster, if it should leave on shutdown; answers
     *              whether that is settled (removed, or not a member), else it is tried again
     */
    static void register(ActorSystem<?> system, ActorRef<RaftActor.Command> raft,
                         Optional<java.util.function.Supplier<CompletionStage<Boolean>>> leave) {
        CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "raft-leadership-handover",
                () -> handOver(system, raft).thenCompose(handedOver -> leave.map(removal -> {
                    LOG.info("shutting down: leaving the cluster (raft.leave-on-shutdown)");
                    return leaveUntilSettled(system, removal, System.nanoTime() + LEAVE_PATIENCE.toNanos());
                }).orElseGet(() -> CompletableFuture.completedFuture(Done.getInstance()))));
    }

    /** A node that restarted moments ago may not know where the leader is yet: ask again until the deadline. */
    private static CompletionStage<Done> leaveUntilSettled(ActorSystem<?> system,
                                                           java.util.function.Supplier<CompletionStage<Boolean>> removal,
                                                           long deadline) {
        return removal.get().exceptionally(failure -> false).thenCompose(settled -> {
            if (settled || System.nanoTime() > deadline) {
                LOG.info(settled ? "left the cluster" : "could not leave the cluster before shutting down");
                return CompletableFuture.completedFuture(Done.getInstance());
            }
            CompletableFuture<Done> later = new CompletableFuture<>();
            system.scheduler().scheduleOnce(Duration.ofMillis(500), () -> leaveUntilSettled(system, removal, deadline)
                    .whenComplete((done, failure) -> later.complete(Done.getInstance())), system.executionContext());
            return later;
        });
    }

    private static CompletionStage<Done> handOver(ActorSystem<?> system, ActorRef<RaftActor.Command> raft) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        return Asks.<RaftActor.Command, RaftActor.TransferReply>ask(raft,
                        replyTo -> new RaftActor.TransferLeadership(Optional.empty(), replyTo), ASK, system.scheduler())
                .thenCompose(reply -> {
                    if (reply instanceof RaftActor.TransferStarted started) {
                        LOG.info("shutting down: handing leadership to {} first", started.target());
                        return awaitNotLeader(system, raft, deadline);
                    }
                    return CompletableFuture.completedFuture(Done.getInstance()); // not the leader, or nobody to hand to
                })
                .exceptionally(noAnswer -> Done.getInstance());
    }

    private static CompletionStage<Done> awaitNotLeader(ActorSystem<?> system, ActorRef<RaftActor.Command> raft, long deadline) {
        return Asks.<RaftActor.Command, RaftActor.Status>ask(raft, RaftActor.GetStatus::new, ASK, system.scheduler())
                .thenCompose(status -> {
                    if (!status.isLeader() || System.nanoTime() > deadline) {
                        return CompletableFuture.completedFuture(Done.getInstance());
                    }
                    CompletableFuture<Done> later = new CompletableFuture<>();
                    system.scheduler().scheduleOnce(Duration.ofMillis(50), () -> awaitNotLeader(system, raft, deadline)
                            .whenComplete((done, failure) -> later.complete(Done.getInstance())), system.executionContext());
                    return later;
                });
    }
}
