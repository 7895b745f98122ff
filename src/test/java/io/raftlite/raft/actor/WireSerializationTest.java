package io.raftlite.raft.actor;

import com.typesafe.config.ConfigFactory;
import io.raftlite.raft.message.AppendEntries;
import io.raftlite.raft.message.AppendEntriesReply;
import io.raftlite.raft.message.LogEntry;
import io.raftlite.raft.message.NodeId;
import io.raftlite.raft.message.PreVote;
import io.raftlite.raft.message.PreVoteReply;
import io.raftlite.raft.message.RaftMessage;
import io.raftlite.raft.message.RequestVote;
import io.raftlite.raft.message.RequestVoteReply;
import io.raftlite.raft.storage.RaftStorage;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** everything that crosses the network or is persisted round-trips through Jackson CBOR, never Java serialization. */
class WireSerializationTest {
    private static ActorTestKit kit;

    @BeforeAll
    static void start() {
        kit = ActorTestKit.create(ConfigFactory.load());
    }

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void everyPeerMessageRoundTripsInsideAPeerMessage() {
        NodeId from = NodeId.of("node-1");
        LogEntry withBytes = LogEntry.command(3, 7, new byte[] {0, -1, 127, -128});
        List<RaftMessage> messages = List.of(
                new PreVote(4, from, 7, 3), new PreVoteReply(4, from, true),
                new RequestVote(Long.MAX_VALUE, from, Long.MAX_VALUE - 1, 3), new RequestVoteReply(4, from, false),
                new AppendEntries(4, from, 6, 3, List.of(withBytes, LogEntry.noop(4, 8)), 5, 9),
                new AppendEntries(4, from, 0, 0, List.of(), 0, 0),
                AppendEntriesReply.accepted(4, from, 8, 9), AppendEntriesReply.rejected(4, from, 6, 2, 1, 9),
                new RequestVote(5, from, 3, 2, true), new io.raftlite.raft.message.TimeoutNow(4, from),
                new io.raftlite.raft.message.InstallSnapshot(4, from, new io.raftlite.raft.message.SnapshotMeta(90, 3,
                        new io.raftlite.raft.message.ClusterConfiguration(List.of(from), List.of(NodeId.of("node-2"))))));
        assertEquals(RaftMessage.class.getPermittedSubclasses().length,
                messages.stream().map(Object::getClass).distinct().count(), "every message type is covered");
        for (RaftMessage message : messages) {
            RaftActor.PeerMessage wrapped = new RaftActor.PeerMessage(message);
            assertEquals(wrapped, roundTrip(wrapped));
        }
    }

    @Test
    void storageEventsRoundTrip() {
        List<RaftStorage.Event> events = List.of(new RaftStorage.TermAdvanced(5), new RaftStorage.VoteCast(5, NodeId.of("b")),
                new RaftStorage.LogTruncatedFrom(3), new RaftStorage.EntriesAppended(List.of(LogEntry.command(5, 3, "x".getBytes()))));
        for (RaftStorage.Event event : events) {
            assertEquals(event, roundTrip(event));
        }
    }

    private static Object roundTrip(Object message) {
        return io.raftlite.testing.CborRoundTrip.roundTrip(kit.system(), message);
    }
}
