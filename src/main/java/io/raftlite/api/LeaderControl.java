package io.raftlite.api;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** POST /leader: hand leadership to another voter (any node takes the request; it reaches the leader). */
public interface LeaderControl {
    /** @param target the node to hand to; empty: the most up-to-date voter */
    CompletionStage<TransferOutcome> transferLeadership(Optional<String> target, Routing routing);

    sealed interface TransferOutcome {
    }

    /** The transfer began; {@code target} should lead within an election timeout. */
    record Started(String target) implements TransferOutcome {
    }

    record Refused(String reason) implements TransferOutcome {
    }

    record NoLeader() implements TransferOutcome {
    }

    record Redirect(String leaderApiAddress) implements TransferOutcome {
    }
}
