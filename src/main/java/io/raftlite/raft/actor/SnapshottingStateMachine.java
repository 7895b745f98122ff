package io.raftlite.raft.actor;

import io.raftlite.raft.StateMachine;

import java.nio.file.Path;

/** A state machine whose log can be compacted: it can be made durable, copied, and replaced by a copy. */
public interface SnapshottingStateMachine extends StateMachine {
    /** Makes everything applied so far durable; returns the applied index that covers. */
    long makeDurable();

    /** Writes a consistent copy of the state to {@code file} (fsynced); returns the applied index it holds. */
    long exportTo(Path file);

    /** Replaces the whole state with the copy in {@code file}, durably; returns the applied index it holds. */
    long restoreFrom(Path file);
}
