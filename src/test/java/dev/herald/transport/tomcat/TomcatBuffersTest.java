package dev.herald.transport.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.IntegrationTest;
import java.lang.invoke.MethodHandles;
import org.junit.jupiter.api.Test;

/** Tomcat's per-connection WebSocket buffers are sized down by Herald's Tomcat configuration, not by a static block. */
class TomcatBuffersTest extends IntegrationTest {

    @Test
    void tomcatReadItsWebSocketBufferSizeAfterHeraldSetIt() throws ReflectiveOperationException {
        Class<?> constants = Class.forName("org.apache.tomcat.websocket.Constants");
        int bufferSize = (int) MethodHandles.privateLookupIn(constants, MethodHandles.lookup())
                .findStaticVarHandle(constants, "DEFAULT_BUFFER_SIZE", int.class)
                .get();

        assertThat(bufferSize)
                .as("Tomcat's WebSocket buffer size, read once when its classes loaded")
                .isEqualTo(256);
    }
}
