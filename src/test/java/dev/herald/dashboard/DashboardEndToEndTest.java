package dev.herald.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.herald.testing.Chromium;
import dev.herald.testing.IntegrationTest;
import dev.herald.testing.RequiresChromium;
import dev.herald.testing.WsClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.test.context.TestPropertySource;

/**
 * The dashboard in real Chromium (Debian's {@code chromium}, driven by Playwright from
 * frontend/e2e/dashboard.e2e.mjs) against this running Herald, with 50 simulated devices: sign-in, moving
 * meters and the frame rate they keep, a REST device going stale, recovery after a dropped connection, and
 * an operator closing a connection. Screenshots and the measured frame rate land in target/e2e. Skipped
 * with a message when the machine has no Chromium, required with {@code CI=true} ({@link RequiresChromium}).
 */
@RequiresChromium
@TestPropertySource(
        properties = {
            "herald.volume.simulator.enabled=true",
            "herald.volume.simulator.devices=" + DashboardEndToEndTest.SIMULATED_DEVICES,
            "herald.volume.stale-after=1s",
            "logging.level.dev.herald.dashboard=INFO"
        })
class DashboardEndToEndTest extends IntegrationTest {

    static final int SIMULATED_DEVICES = 50;
    private static final Logger log = LoggerFactory.getLogger(DashboardEndToEndTest.class);
    private static final Path FRONTEND = Path.of("frontend").toAbsolutePath();
    private static final Path OUT = Path.of("target", "e2e").toAbsolutePath();
    private static final long TIME_LIMIT_SECONDS = 240;
    private static final int CLOSE_CODE = 4100;
    private static final String CLOSE_REASON = "closed from the dashboard";

    @Test
    void anOperatorSignsInWatchesLiveMetersSeesAQuietDeviceGoStaleAndClosesAConnection() throws Exception {
        Path chromium = Chromium.required();
        requireTheBuild();
        try (WsClient victim = connect(token("e2e-victim", List.of("**"), List.of()))) {
            String victimId = victim.next("welcome").get("connectionId").asString();

            int exit = runPlaywright(Map.of(
                    "HERALD_URL",
                    "http://127.0.0.1:" + port,
                    "HERALD_API_KEY",
                    API_KEY,
                    "CHROMIUM",
                    chromium.toString(),
                    "E2E_OUT_DIR",
                    OUT.toString(),
                    "SIMULATED_DEVICES",
                    String.valueOf(SIMULATED_DEVICES),
                    "VICTIM_CONNECTION_ID",
                    victimId,
                    "CLOSE_CODE",
                    String.valueOf(CLOSE_CODE),
                    "CLOSE_REASON",
                    CLOSE_REASON));

            assertThat(exit)
                    .as("exit code of the Playwright script (its output is in the log above)")
                    .isZero();
            assertThat(victim.awaitClose(5)).isEqualTo(new WsClient.Closed(CLOSE_CODE, CLOSE_REASON));
        }
        assertThat(OUT.resolve("meter-wall.png")).isNotEmptyFile();
        assertThat(OUT.resolve("frame-rate.json")).isNotEmptyFile();
    }

    private static void requireTheBuild() {
        if (!Files.isDirectory(FRONTEND.resolve("node_modules/playwright-core"))) {
            fail(
                    "frontend/node_modules is missing: build with ./mvnw verify (it runs npm ci), or run npm ci in frontend/.");
        }
    }

    private static int runPlaywright(Map<String, String> env) throws IOException, InterruptedException {
        Files.createDirectories(OUT);
        ProcessBuilder builder = new ProcessBuilder("node", "e2e/dashboard.e2e.mjs")
                .directory(FRONTEND.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        Thread forward = new Thread(
                () -> {
                    try (BufferedReader out = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        out.lines().forEach(line -> log.info("e2e | {}", line));
                    } catch (IOException e) {
                        log.warn("e2e output ended: {}", e.toString());
                    }
                },
                "e2e-output");
        forward.start();
        if (!process.waitFor(TIME_LIMIT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("the Playwright script did not finish within " + TIME_LIMIT_SECONDS + " s");
        }
        forward.join(5000);
        return process.exitValue();
    }
}
