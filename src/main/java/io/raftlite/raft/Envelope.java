package io.raftlite.raft;

import io.raftlite.raft.message.NodeId;
import io.raftlite.raft.message.RaftMessage;

/** A message and the peer it goes to. */
public record Envelope(NodeId to, RaftMessage message) {
}
