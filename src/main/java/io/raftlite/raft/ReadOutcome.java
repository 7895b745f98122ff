package io.raftlite.raft;

import java.util.OptionalLong;

/**
 * The answer to a read-index request. With an index, leadership was confirmed by a quorum round
 * that started after the request arrived: the read may be served once the state machine has
 * applied that index. Empty means this node is not (or no longer) leader; the read must not be
 * served here.
 */
public record ReadOutcome(long requestId, OptionalLong readIndex) {
    public static ReadOutcome failed(long requestId) {
        return new ReadOutcome(requestId, OptionalLong.empty());
    }

    public boolean confirmed() {
        return readIndex.isPresent();
    }
}
