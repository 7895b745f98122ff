package io.raftlite.raft.message;

/**
 * Marker for everything that crosses the network or is written by Pekko Persistence: bound to
 * Jackson CBOR in reference.conf, so Java serialization is never used.
 */
public interface CborSerializable {
}
