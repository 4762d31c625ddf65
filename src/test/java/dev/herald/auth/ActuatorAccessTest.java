package dev.herald.auth;

import static dev.herald.problem.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.Api;
import dev.herald.testing.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Anonymous callers learn whether Herald is up and nothing else; operators and Prometheus bring the API key. */
class ActuatorAccessTest extends IntegrationTest {

    @Test
    void anAnonymousHealthCheckGetsTheStatusOnly() {
        Api.Response response = api().withKey(null).get("/actuator/health");

        assertThat(response.status()).isEqualTo(200);
        List<String> fields = new ArrayList<>(response.json().propertyNames());
        assertThat(fields).containsExactly("status");
        assertThat(response.json().path("status").asString()).isEqualTo("UP");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/actuator/prometheus",
                "/actuator/metrics",
                "/actuator/metrics/jvm.memory.used",
                "/actuator/health/broker",
                "/actuator/health/diskSpace",
                "/actuator/info",
                "/actuator"
            })
    void everyOtherActuatorEndpointNeedsTheApiKey(String path) {
        Api.Response response = api().withKey(null).get(path);

        JsonNode problem = assertProblem(response, 401, "unauthorized");
        assertThat(problem.path("detail").asString()).contains("API key");
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertProblem(api().withKey("not-the-key").get(path), 401, "unauthorized");
    }

    @Test
    void aWrongKeyGetsNoHealthStatusEither() {
        assertProblem(api().withKey("not-the-key").get("/actuator/health"), 401, "unauthorized");
    }

    @Test
    void withTheApiKeyAsBearerTokenPrometheusScrapesAndHealthShowsItsComponents() {
        Api.Response scrape = api().asBearer().get("/actuator/prometheus");
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.body()).contains("herald_connections_active");

        JsonNode health = api().asBearer().get("/actuator/health").json();
        assertThat(health.path("components").path("broker").path("status").asString())
                .isEqualTo("UP");
        assertThat(health.path("components").path("diskSpace").path("details").has("free"))
                .isTrue();
    }
}
