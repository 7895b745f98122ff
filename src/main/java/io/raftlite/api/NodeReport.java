package io.raftlite.api;

/**
 * One cluster member as /nodes and /leader report it. Empty strings mean unknown; {@code error}
 * says why a member could not be reached.
 */
public record NodeReport(String id, String apiAddress, String raftAddress, String version, boolean voter,
                         boolean reachable, boolean leader, double seconds, String error) {
}
