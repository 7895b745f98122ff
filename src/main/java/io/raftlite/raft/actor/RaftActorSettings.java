package io.raftlite.raft.actor;

import io.raftlite.raft.RaftConfig;

import java.time.Duration;

/**
 * How the Raft actor runs its core.
 *
 * @param tickInterval            one logical tick of the core (timeouts in RaftConfig are in ticks)
 * @param proposalTimeoutTicks    a proposal not committed after this many ticks is answered
 *                                "outcome unknown"
 * @param maxProposalsPerBatch    proposals appended together while a write is in flight
 * @param maxStashedDuringStartup messages kept while the durable state loads
 * @param snapshots               log compaction and snapshot transfer
 * @param links                   injected faults on the links to peers (none unless fault control is on)
 * @param events                  where the node reports what its Raft did (nowhere unless the event log is on)
 */
public record RaftActorSettings(RaftConfig raftConfig, Duration tickInterval, int proposalTimeoutTicks,
                                int maxProposalsPerBatch, int maxStashedDuringStartup, SnapshotSettings snapshots,
                                LinkFaults links, RaftEvents events) {

    public RaftActorSettings(RaftConfig raftConfig, Duration tickInterval, int proposalTimeoutTicks,
                             int maxProposalsPerBatch, int maxStashedDuringStartup, SnapshotSettings snapshots) {
        this(raftConfig, tickInterval, proposalTimeoutTicks, maxProposalsPerBatch, maxStashedDuringStartup, snapshots,
                LinkFaults.none(), RaftEvents.NONE);
    }

    /** Settings for a node that never compacts its log. */
    public RaftActorSettings(RaftConfig raftConfig, Duration tickInterval, int proposalTimeoutTicks,
                             int maxProposalsPerBatch, int maxStashedDuringStartup) {
        this(raftConfig, tickInterval, proposalTimeoutTicks, maxProposalsPerBatch, maxStashedDuringStartup, SnapshotSettings.never());
    }

    public static RaftActorSettings defaults() {
        return new RaftActorSettings(RaftConfig.defaults(), Duration.ofMillis(100), 100, 1024, 10_000);
    }

    public RaftActorSettings withSnapshots(SnapshotSettings settings) {
        return new RaftActorSettings(raftConfig, tickInterval, proposalTimeoutTicks, maxProposalsPerBatch,
                maxStashedDuringStartup, settings, links, events);
    }

    public RaftActorSettings withTestHooks(LinkFaults faults, RaftEvents log) {
        return new RaftActorSettings(raftConfig, tickInterval, proposalTimeoutTicks, maxProposalsPerBatch,
                maxStashedDuringStartup, snapshots, faults, log);
    }
}
