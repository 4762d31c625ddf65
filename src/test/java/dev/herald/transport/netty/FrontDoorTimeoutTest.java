package dev.herald.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.IntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The front door waits for a request head only as long as Tomcat waits for a request: then it gives the socket
 * back, and Tomcat's own timeout ends it, so a client that sends a head slowly or never holds nothing for good.
 */
@TestPropertySource(properties = {"server.tomcat.connection-timeout=1s", "herald.transport.event-loop=true"})
class FrontDoorTimeoutTest extends IntegrationTest {

    @Test
    void aHeadThatNeverEndsIsGivenBackToTomcatWhichClosesTheConnection() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("GET /v1/ws?token=x HTTP/1.1\r\nHost: 127.0.0.1\r\n").getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();

            int read = readUntilClosed(socket.getInputStream());

            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(read).as("the connection is closed").isEqualTo(-1);
            // the front door's second, then Tomcat's
            assertThat(waitedMillis).isBetween(1_500L, 8_000L);
        }
    }

    @Test
    void aClientThatSendsNothingIsClosedAfterTheSameTimes() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);

            assertThat(readUntilClosed(socket.getInputStream())).isEqualTo(-1);
        }
    }

    /** Reads until the server closes: -1, or fails on the 10 s timeout. */
    private static int readUntilClosed(InputStream in) throws IOException {
        try {
            int b;
            while ((b = in.read()) >= 0) {
                // an answer (a 408 or 400) may come before the close
            }
            return b;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open for 10 s", e);
        }
    }
}
