package io.raftlite.testing;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Sends a message through Pekko serialization as the network would, asserting it is bound to Jackson CBOR. */
public final class CborRoundTrip {
    private CborRoundTrip() {
    }

    public static Object roundTrip(ActorSystem<?> system, Object message) {
        Serialization serialization = SerializationExtension.get(system);
        var serializer = serialization.findSerializerFor(message);
        assertEquals("JacksonCborSerializer", serializer.getClass().getSimpleName(), "bound to CBOR: " + message);
        byte[] bytes = serialization.serialize(message).get();
        return serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message)).get();
    }
}
