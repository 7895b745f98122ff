package io.raftlite.api;

import java.time.Duration;

/**
 * How a node may route a request it cannot serve itself.
 *
 * @param redirect answer with the leader's address instead of forwarding to it
 * @param timeout  how long forwarding may take before the outcome is reported unknown
 */
public record Routing(boolean redirect, Duration timeout) {
    public static final Routing DEFAULT = new Routing(false, Duration.ofSeconds(30));
}
