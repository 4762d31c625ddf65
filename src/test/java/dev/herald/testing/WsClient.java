package dev.herald.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * A real WebSocket client (the JDK's) that records what the server sends. It answers Pings the way
 * browsers do, unless reading is paused, which also lets the server's socket buffer fill like a stuck peer.
 */
public final class WsClient implements WebSocket.Listener, AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final AtomicInteger pings = new AtomicInteger();
    private final StringBuilder partial = new StringBuilder();
    private volatile boolean paused;
    private WebSocket socket;

    public record Closed(int code, String reason) {}

    public static WsClient connect(int port, String token) {
        return connect(uri(port, token), null);
    }

    public static WsClient connect(URI uri, String origin) {
        WsClient client = new WsClient();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(WAIT);
        if (origin != null) {
            builder.header("Origin", origin);
        }
        client.socket =
                builder.buildAsync(uri, client).orTimeout(10, TimeUnit.SECONDS).join();
        return client;
    }

    /** The HTTP status of a refused upgrade, or 101 when the upgrade succeeded. */
    public static int handshakeStatus(URI uri, String origin) {
        try {
            connect(uri, origin).abort();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    public static URI uri(int port, String token) {
        return URI.create("ws://127.0.0.1:" + port + "/v1/ws" + (token == null ? "" : "?token=" + token));
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public java.util.concurrent.CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(partial.toString());
            partial.setLength(0);
        }
        requestMore(webSocket);
        return null;
    }

    @Override
    public java.util.concurrent.CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        pings.incrementAndGet();
        requestMore(webSocket);
        return null;
    }

    @Override
    public java.util.concurrent.CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Closed(1006, String.valueOf(error)));
    }

    private void requestMore(WebSocket webSocket) {
        if (!paused) {
            webSocket.request(1);
        }
    }

    /** Stops reading from the socket: no frames are taken, no Pongs are sent. */
    public void pauseReading() {
        paused = true;
    }

    public void resumeReading() {
        paused = false;
        socket.request(1);
    }

    public WsClient send(String text) {
        socket.sendText(text, true).orTimeout(5, TimeUnit.SECONDS).join();
        return this;
    }

    public WsClient send(JsonNode frame) {
        return send(frame.toString());
    }

    /** Sends a Ping, which the server's container answers with a Pong between its own frames. */
    public WsClient sendPing() {
        socket.sendPing(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .orTimeout(5, TimeUnit.SECONDS)
                .join();
        return this;
    }

    public WsClient sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true)
                .orTimeout(5, TimeUnit.SECONDS)
                .join();
        return this;
    }

    /** The next frame, failing after 5 s. */
    public JsonNode next() {
        try {
            String frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                throw new AssertionError("no frame within " + WAIT.toSeconds() + " s");
            }
            return Api.JSON.readTree(frame);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next frame, which must be of {@code type}. */
    public JsonNode next(String type) {
        JsonNode frame = next();
        if (!type.equals(frame.path("type").asString())) {
            throw new AssertionError("expected a " + type + " frame, got " + frame);
        }
        return frame;
    }

    /** Frames that arrive within {@code millis}, for asserting that nothing more comes. */
    public List<JsonNode> drain(long millis) throws InterruptedException {
        List<JsonNode> list = new ArrayList<>();
        long deadline = System.currentTimeMillis() + millis;
        String frame;
        while ((frame = frames.poll(Math.max(0, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS))
                != null) {
            list.add(Api.JSON.readTree(frame));
        }
        return list;
    }

    public int pingsReceived() {
        return pings.get();
    }

    /** How the server closed the connection, waiting up to {@code seconds}. */
    public Closed awaitClose(long seconds) {
        try {
            return closed.get(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the connection was not closed within " + seconds + " s");
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    public JsonNode subscribe(String channel) {
        send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
        return next("subscribed");
    }

    public void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye")
                    .orTimeout(2, TimeUnit.SECONDS)
                    .exceptionally(e -> null)
                    .join();
        }
        socket.abort();
    }
}
