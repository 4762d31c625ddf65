package dev.herald.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * A real Redis server for tests, on a free port of 127.0.0.1 with its own data directory: Debian's
 * {@code redis-server} when it is installed, otherwise the binary that the embedded-redis artifact ships
 * (from Maven Central, so a fresh machine needs nothing else). It keeps an append-only file, so a stop and
 * start keeps what it had, as a production Redis with persistence does. There is no skipping: if no
 * binary runs here, the test fails.
 */
public final class TestRedis implements AutoCloseable {

    private static final String DEBIAN = "/usr/bin/redis-server";

    private final int port;
    private final Path dir;
    private RedisServer server;

    private TestRedis(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    public static TestRedis start() {
        try {
            TestRedis redis = new TestRedis(freePort(), Files.createTempDirectory("herald-redis-"));
            redis.startServer();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** Stops the server the way a service manager does (SIGTERM): it writes what it has and exits. */
    public synchronized void stop() {
        try {
            if (server != null) {
                server.stop();
                server = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts it again on the same port and data directory. */
    public synchronized void startAgain() {
        try {
            startServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Which binary runs, for the test log. */
    public static String binary() {
        return new File(DEBIAN).canExecute() ? DEBIAN : "redis-server of embedded-redis (Maven Central)";
    }

    private void startServer() throws IOException {
        ExecutableProvider executable =
                new File(DEBIAN).canExecute() ? () -> new File(DEBIAN) : ExecutableProvider.newJarResourceProvider();
        server = RedisServer.newRedisServer()
                .executableProvider(executable)
                .bind("127.0.0.1")
                .port(port)
                .setting("dir " + dir)
                .setting("appendonly yes")
                .setting("appendfsync always")
                .setting("save \"\"")
                .onShutdownForceStop(false)
                .build();
        server.start();
    }

    @Override
    public synchronized void close() {
        stop();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temp dir is harmless
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
