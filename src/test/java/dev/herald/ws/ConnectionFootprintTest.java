package dev.herald.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.IntegrationTest;
import dev.herald.testing.WsClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/** What an open connection keeps of its handshake. */
class ConnectionFootprintTest extends IntegrationTest {

    @Autowired
    ConnectionRegistry registry;

    @Test
    void aConnectionKeepsNeitherItsTokenNorItsHandshakeHeadersButTheUserAgent() {
        try (WsClient client = connect(token("footprint", List.of("**"), List.of()))) {
            String id = client.next("welcome").path("connectionId").asString();
            Connection connection = registry.all().stream()
                    .filter(c -> c.id.equals(id))
                    .findFirst()
                    .orElseThrow();
            WebSocketSession session = connection.session;
            jakarta.websocket.Session container =
                    ((NativeWebSocketSession) session).getNativeSession(jakarta.websocket.Session.class);

            assertThat(session.getHandshakeHeaders().headerNames())
                    .allSatisfy(name -> assertThat(name).isEqualToIgnoringCase(HttpHeaders.USER_AGENT));
            assertThat(connection.userAgent)
                    .isEqualTo(session.getHandshakeHeaders().getFirst(HttpHeaders.USER_AGENT));
            assertThat(session.getUri().getRawPath()).isEqualTo("/v1/ws");
            assertThat(session.getUri().getRawQuery()).isNull();
            assertThat(container.getQueryString()).isNull();
            assertThat(container.getRequestParameterMap()).isEmpty();
            assertThat(container.getRequestURI().getRawQuery()).isNull();
        }
    }
}
