package io.raftlite.bench;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoopbackPortsTest {
    @Test
    void portsAreDistinctBindableAndBelowTheEphemeralRange() throws Exception {
        List<Integer> ports = LoopbackPorts.free(50);

        assertEquals(50, new HashSet<>(ports).size(), "distinct: " + ports);
        int ephemeralLow = LoopbackPorts.ephemeralLow();
        for (int port : ports) {
            assertTrue(port >= 10_000 && port < ephemeralLow, port + " is outside 10000.." + (ephemeralLow - 1));
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            }
        }
    }

    @Test
    void aPortInUseIsNeverHandedOut() throws Exception {
        List<Integer> first = LoopbackPorts.free(200);
        List<ServerSocket> held = new java.util.ArrayList<>();
        try {
            for (int port : first) {
                ServerSocket socket = new ServerSocket();
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                held.add(socket);
            }
            for (int port : LoopbackPorts.free(200)) {
                assertTrue(!first.contains(port), port + " is held by this test");
            }
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
    }
}
