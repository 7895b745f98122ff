package io.raftlite.raft.message;

/** A message between Raft peers. Every message carries the sender's current term and id. */
public sealed interface RaftMessage extends CborSerializable
        permits PreVote, PreVoteReply, RequestVote, RequestVoteReply, AppendEntries, AppendEntriesReply, TimeoutNow,
                InstallSnapshot {

    long term();

    NodeId from();
}
