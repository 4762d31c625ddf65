package dev.herald.clientlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.herald.testing.HeraldNode;
import dev.herald.testing.IntegrationTest;
import dev.herald.testing.TestRedis;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built {@code herald-client} library (clients/js/dist) in Node against a real Herald on a random port, run
 * by clients/js/test-integration/against-herald.mjs: an operator's DELETE and a server restart on the same port
 * with publishes during each gap (every message once, in order), a token expiring while connected renewed
 * in-band, a {@code recovered: false} case filled from history with the rest reported as a gap, and no token in
 * the admin API. Redis keeps the history across the restart, as it does for a production cluster.
 */
class HeraldClientLibraryTest {

    private static final Logger log = LoggerFactory.getLogger(HeraldClientLibraryTest.class);
    private static final Path LIBRARY = Path.of("clients", "js").toAbsolutePath();
    private static final long TIME_LIMIT_SECONDS = 180;
    private static final int HISTORY_SIZE = 50;

    @Test
    void aNodeClientRidesThroughADeleteAndARestartRenewsItsTokenInBandAndReportsWhatHistoryLost() throws Exception {
        requireTheBuild();
        try (TestRedis redis = TestRedis.start()) {
            AtomicReference<HeraldNode> node = new AtomicReference<>(start(redis, 0));
            int port = node.get().port();
            try {
                ProcessBuilder builder = new ProcessBuilder("node", "test-integration/against-herald.mjs")
                        .directory(LIBRARY.toFile())
                        .redirectErrorStream(true);
                builder.environment().put("HERALD_URL", "http://127.0.0.1:" + port);
                builder.environment().put("HERALD_API_KEY", IntegrationTest.API_KEY);
                builder.environment().put("HISTORY_SIZE", String.valueOf(HISTORY_SIZE));
                Process process = builder.start();
                Writer control = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
                StringBuilder output = new StringBuilder();
                Thread reader = new Thread(
                        () -> {
                            try (BufferedReader out = new BufferedReader(
                                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                                String line;
                                while ((line = out.readLine()) != null) {
                                    log.info("herald-client | {}", line);
                                    output.append(line).append('\n');
                                    if (line.equals("control: restart")) {
                                        node.get().close();
                                        node.set(start(redis, port));
                                        control.write("restarted\n");
                                        control.flush();
                                    }
                                }
                            } catch (IOException | RuntimeException e) {
                                log.warn("herald-client output ended: {}", e.toString());
                            }
                        },
                        "herald-client-output");
                reader.start();
                if (!process.waitFor(TIME_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    fail("the Node script did not finish within " + TIME_LIMIT_SECONDS + " s");
                }
                reader.join(5000);
                assertThat(process.exitValue())
                        .as("exit code of the Node script, whose output was:%n%s", output)
                        .isZero();
                assertThat(output.toString()).contains("all checks passed");
            } finally {
                node.get().close();
            }
        }
    }

    private static HeraldNode start(TestRedis redis, int port) {
        return HeraldNode.start("lib-node", redis.port(), "server.port=" + port, "herald.history.size=" + HISTORY_SIZE);
    }

    private static void requireTheBuild() {
        if (!Files.isRegularFile(LIBRARY.resolve("dist/herald-client.js"))
                || !Files.isDirectory(LIBRARY.resolve("node_modules/ws"))) {
            fail("clients/js is not built: build with ./mvnw verify (it runs npm ci and npm run build there).");
        }
    }
}
