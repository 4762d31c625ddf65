package dev.herald.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.IntegrationTest;
import dev.herald.testing.WsClient;
import dev.herald.transport.SocketSession;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/** What an open connection keeps of its handshake. */
class ConnectionFootprintTest extends IntegrationTest {

    @Autowired
    ConnectionRegistry registry;

    @Test
    void aConnectionKeepsItsPeerOnceAndNeitherItsTokenNorItsHandshakeHeaders() {
        try (WsClient client = connect(token("footprint", List.of("**"), List.of()))) {
            String id = client.next("welcome").path("connectionId").asString();
            Connection connection = registry.all().stream()
                    .filter(c -> c.id.equals(id))
                    .findFirst()
                    .orElseThrow();
            WebSocketSession session = connection.session;

            assertThat(session.getHandshakeHeaders().isEmpty()).isTrue();
            assertThat(session.getAttributes()).doesNotContainKey(SlimUpgradeStrategy.PEER);
            assertThat(connection.userAgent).startsWith("Java-http-client");
            assertThat(connection.uri).isSameAs(WebSocketConfig.CLIENT_PATH);
            assertThat(connection.remoteAddress).matches("127\\.0\\.0\\.1:\\d+");
            if (session instanceof SocketSession) {
                // on the event loop the session is Herald's own, which keeps nothing of the handshake
                assertThat(session.getUri()).isNull();
                return;
            }
            // the container's session (herald.transport.event-loop=false)
            jakarta.websocket.Session container =
                    ((NativeWebSocketSession) session).getNativeSession(jakarta.websocket.Session.class);
            assertThat(session.getLocalAddress()).isNull();
            assertThat(session.getRemoteAddress()).isNull();
            assertThat(container.getRequestURI().getRawPath()).isEqualTo("/v1/ws");
            assertThat(container.getQueryString()).isNull();
            assertThat(container.getRequestParameterMap()).isEmpty();
            assertThat(container.getRequestURI().getRawQuery()).isNull();
        }
    }
}
