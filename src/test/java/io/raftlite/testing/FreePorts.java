package io.raftlite.testing;

import io.raftlite.bench.LoopbackPorts;

import java.io.IOException;
import java.util.List;

/** Distinct free ports on loopback for test actor systems, from below the ephemeral range (LoopbackPorts). */
public final class FreePorts {
    private FreePorts() {
    }

    public static List<Integer> of(int count) throws IOException {
        return LoopbackPorts.free(count);
    }
}
