package io.raftlite.raft;

/** The role a node currently plays; the host picks its behaviour from it. */
public enum RoleKind {
    FOLLOWER, PRE_CANDIDATE, CANDIDATE, LEADER
}
