package dev.herald.transport.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.transport.FrameWriter;
import dev.herald.transport.FrameWriters;
import dev.herald.transport.TransportFallbacks;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.websocket.Extension;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A connection the gathered writer cannot serve gets the standard writer, and the fallback is counted by
 * reason. (Over real sockets Herald declines extensions and Tomcat's endpoints are its own, so these cases are
 * made here with sessions that answer only what the choice asks.)
 */
class GatheredFrameWritersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FrameWriter standardWriter = new FrameWriter() {
        @Override
        public void write(dev.herald.transport.OutboundFrame[] frames, int count, SendHandler done) {
            throw new UnsupportedOperationException("not written to in this test");
        }

        @Override
        public int batchLimit() {
            return 1;
        }
    };
    private final FrameWriters standard = new FrameWriters() {
        @Override
        public FrameWriter open(Session session) {
            return standardWriter;
        }

        @Override
        public String name() {
            return "standard";
        }
    };
    private final FrameWriters gathered = new GatheredFrameWriters(new TransportFallbacks(registry)).writers(standard);

    private static Session session(List<Extension> extensions, RemoteEndpoint.Async remote) {
        return (Session) Proxy.newProxyInstance(
                Session.class.getClassLoader(),
                new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getNegotiatedExtensions" -> extensions;
                    case "getAsyncRemote" -> remote;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static RemoteEndpoint.Async foreignRemote() {
        return (RemoteEndpoint.Async) Proxy.newProxyInstance(
                RemoteEndpoint.Async.class.getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Async.class},
                (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private double fallbacks(String reason) {
        return registry.get("herald.transport.fallbacks")
                .tag("reason", reason)
                .counter()
                .count();
    }

    @Test
    void aConnectionWithANegotiatedExtensionGetsTheStandardWriterAndIsCounted() {
        Extension deflate = (Extension) Proxy.newProxyInstance(
                Extension.class.getClassLoader(),
                new Class<?>[] {Extension.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getName", "toString" -> "permessage-deflate";
                    case "getParameters" -> List.of();
                    default -> throw new UnsupportedOperationException(method.getName());
                });

        FrameWriter writer = gathered.open(session(List.of(deflate), foreignRemote()));

        assertThat(writer).isSameAs(standardWriter);
        assertThat(fallbacks(TransportFallbacks.EXTENSION_NEGOTIATED)).isEqualTo(1);
    }

    @Test
    void aConnectionWhoseEndpointIsNotTomcatsGetsTheStandardWriterAndIsCountedEachTime() {
        gathered.open(session(List.of(), foreignRemote()));
        FrameWriter writer = gathered.open(session(List.of(), foreignRemote()));

        assertThat(writer).isSameAs(standardWriter);
        assertThat(fallbacks(TransportFallbacks.FOREIGN_ENDPOINT)).isEqualTo(2);
        assertThat(fallbacks(TransportFallbacks.EXTENSION_NEGOTIATED)).isZero();
    }

    @Test
    void theWritersAreNamedGathered() {
        assertThat(gathered.name()).isEqualTo("gathered");
    }
}
