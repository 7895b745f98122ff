/**
 * How a node serves requests as part of a cluster: {@link io.raftlite.cluster.RequestGateway}
 * implements the HTTP layer's {@code SqlService} — writes and strong reads go through the Raft log,
 * reads are served where their consistency level says — and hands what only the leader may do to a
 * {@link io.raftlite.cluster.LeaderRouter}.
 */
package io.raftlite.cluster;
