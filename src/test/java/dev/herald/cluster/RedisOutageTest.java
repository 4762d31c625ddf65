package dev.herald.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.channel.BrokerUnavailableException;
import dev.herald.testing.Api;
import dev.herald.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * Redis stops and starts again under two nodes: publishing is refused at once with {@code unavailable},
 * health says DOWN, clients stay connected, and when Redis is back everything resumes with nothing that
 * was acknowledged lost.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisOutageTest extends TwoNodeClusterTest {

    @Test
    void whileRedisIsAwayPublishesAreRefusedAtOnceAndWhenItIsBackEverythingResumesWithNothingLost(CapturedOutput log) {
        String channel = "outage/orders";
        String later = "outage/later";
        List<String> acknowledged = new ArrayList<>();
        try (WsClient reader = a.connectClient("reader", "none");
                WsClient writer = b.connectClient("writer", "outage/**")) {
            reader.subscribe(channel);
            for (int i = 1; i <= 5; i++) {
                b.api().publish(channel, "m" + i);
                acknowledged.add("m" + i);
            }
            expect(reader, 1, 5);

            redis.stop();

            long started = System.nanoTime();
            Api.Response refused = b.api().post("/v1/api/publish", "{\"channel\":\"" + channel + "\",\"data\":\"x\"}");
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.problemCode()).isEqualTo("unavailable");
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(tookMillis).isLessThan(2500);
            // an outage refuses every request: each refusal is one log line, not a stack trace
            String out = log.getOut();
            int refusal = out.indexOf("event=api.refused status=503");
            assertThat(refusal).as("the refusal is logged").isNotNegative();
            String line = out.substring(refusal, out.indexOf('\n', refusal));
            assertThat(line).contains("cause=");
            assertThat(out.substring(out.indexOf('\n', refusal) + 1))
                    .doesNotStartWith("\tat ")
                    .doesNotStartWith(BrokerUnavailableException.class.getName());

            writer.send("{\"type\":\"publish\",\"channel\":\"" + channel + "\",\"data\":\"y\",\"id\":\"w1\"}");
            JsonNode error = writer.next("error");
            assertThat(error.path("code").asString()).isEqualTo("unavailable");
            assertThat(error.path("id").asString()).isEqualTo("w1");

            Api.Response health = a.api().get("/actuator/health");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json()
                            .path("components")
                            .path("broker")
                            .path("status")
                            .asString())
                    .isEqualTo("DOWN");
            for (String path : List.of(
                    "/v1/api/history?channel=" + channel,
                    "/v1/api/channels",
                    "/v1/api/nodes",
                    "/v1/api/connections",
                    "/v1/api/connections/elsewhere")) {
                Api.Response answer = b.api().get(path);
                assertThat(answer.status()).as(path).isEqualTo(503);
                assertThat(answer.problemCode()).as(path).isEqualTo("unavailable");
            }

            reader.send("{\"type\":\"subscribe\",\"channel\":\"" + later + "\",\"id\":\"during\"}");
            reader.send("{\"type\":\"ping\",\"id\":\"alive\"}");
            assertThat(reader.next("pong").path("id").asString()).isEqualTo("alive");
            writer.send("{\"type\":\"ping\",\"id\":\"alive\"}");
            assertThat(writer.next("pong").path("id").asString()).isEqualTo("alive");

            redis.startAgain();

            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> b.api()
                                    .post("/v1/api/publish", "{\"channel\":\"" + channel + "\",\"data\":\"m6\"}")
                                    .status()
                            == 200);
            acknowledged.add("m6");
            for (int i = 7; i <= 10; i++) {
                b.api().publish(channel, "m" + i);
                acknowledged.add("m" + i);
            }

            // the subscribe made during the outage is answered now; it may come before or among m6..m10
            List<JsonNode> frames = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                frames.add(reader.next());
            }
            assertThat(frames)
                    .filteredOn(f -> f.path("type").asString().equals("subscribed"))
                    .singleElement()
                    .satisfies(f -> assertThat(f.path("id").asString()).isEqualTo("during"));
            assertThat(frames)
                    .filteredOn(f -> f.path("type").asString().equals("message"))
                    .extracting(f -> f.path("offset").asLong())
                    .containsExactly(6L, 7L, 8L, 9L, 10L);
            b.api().publish(later, "after");
            JsonNode after = reader.next("message");
            assertThat(after.path("channel").asString()).isEqualTo(later);
            assertThat(after.path("data").asString()).isEqualTo("after");
            assertThat(reader.isClosed()).isFalse();
            assertThat(writer.isClosed()).isFalse();

            JsonNode history = a.api().get("/v1/api/history?channel=" + channel).json();
            List<String> kept = new ArrayList<>();
            history.path("messages").forEach(m -> kept.add(m.path("data").asString()));
            assertThat(kept).isEqualTo(acknowledged);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> a.api().get("/actuator/health").status() == 200);
        }
    }

    private static void expect(WsClient reader, int from, int to) {
        for (int i = from; i <= to; i++) {
            JsonNode message = reader.next("message");
            assertThat(message.path("offset").asLong()).isEqualTo(i);
            assertThat(message.path("data").asString()).isEqualTo("m" + i);
        }
    }
}
