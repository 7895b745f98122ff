package io.raftlite.raft.sim;

import io.raftlite.raft.Envelope;
import io.raftlite.raft.message.NodeId;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * The simulated network between servers: per-message loss, duplication and delay (which also
 * reorders), and blocked directed links for partitions, checked when a message is sent and again
 * when it would arrive.
 */
final class SimNetwork {
    private final Simulation sim;
    private NetworkFaults faults = NetworkFaults.RELIABLE;
    private final Set<String> blockedLinks = new HashSet<>();
    private long messagesSent;

    SimNetwork(Simulation sim) {
        this.sim = sim;
    }

    void faults(NetworkFaults faults) {
        this.faults = faults;
    }

    void block(NodeId from, NodeId to) {
        blockedLinks.add(from + ">" + to);
    }

    void healAll() {
        blockedLinks.clear();
    }

    boolean connected(NodeId from, NodeId to) {
        return !blockedLinks.contains(from + ">" + to);
    }

    long messagesSent() {
        return messagesSent;
    }

    void send(NodeId from, Envelope envelope) {
        messagesSent++;
        Random random = sim.random();
        if (!connected(from, envelope.to()) || random.nextDouble() < faults.dropRate()) {
            return;
        }
        scheduleDelivery(from, envelope);
        if (random.nextDouble() < faults.duplicateRate()) {
            scheduleDelivery(from, envelope);
        }
    }

    private void scheduleDelivery(NodeId from, Envelope envelope) {
        Random random = sim.random();
        long latency = 1 + random.nextInt(faults.maxLatencyMs());
        if (random.nextDouble() < faults.longDelayRate()) {
            latency += 200 + random.nextInt(2000);
        }
        sim.schedule(latency, () -> from + "->" + envelope.to() + " " + envelope.message(), () -> {
            if (connected(from, envelope.to())) {
                sim.server(envelope.to()).receive(envelope.message());
            }
        });
    }
}
