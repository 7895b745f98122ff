package io.raftlite.raft.sim;

/** A Raft safety property broke in a simulation. */
final class InvariantViolation extends RuntimeException {
    InvariantViolation(String message) {
        super(message);
    }
}
