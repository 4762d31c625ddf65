package dev.herald.problem;

import static dev.herald.problem.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.Api;
import dev.herald.testing.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ProblemResponsesTest extends IntegrationTest {

    private static final String PUBLISH = "/v1/api/publish";
    private static final int LIMIT = 64 * 1024;

    @Test
    void aWrongMethodIsAMethodNotAllowedProblemThatNamesTheAllowedOne() {
        Api.Response response = api().get(PUBLISH);

        assertProblem(response, 405, "method_not_allowed");
        assertThat(response.header("Allow")).contains("POST");
    }

    @Test
    void anUnknownApiPathIsANotFoundProblemWithTheRequestPathAsInstance() {
        Api.Response response = api().get("/v1/api/no-such-thing");

        JsonNode problem = assertProblem(response, 404, "not_found");
        assertThat(problem.path("instance").asString()).isEqualTo("/v1/api/no-such-thing");
    }

    @Test
    void anUnknownPathOutsideTheApiIsANotFoundProblemToo() {
        assertProblem(api().get("/no-such-page"), 404, "not_found");
    }

    @Test
    void theErrorPathAskedForByNameIsNotFoundNotAServerError() {
        assertProblem(api().get("/error"), 404, "not_found");
        assertProblem(api().withKey(null).get("/error"), 404, "not_found");
    }

    @Test
    void aBadRequestCarriesTheRequestPathAsInstance() {
        JsonNode problem =
                assertProblem(api().post(PUBLISH, "{\"channel\": \"bad name\", \"data\": 1}"), 400, "bad_request");

        assertThat(problem.path("instance").asString()).isEqualTo(PUBLISH);
        assertThat(problem.path("title").asString()).isEqualTo("Bad Request");
    }

    @Test
    void aBodyOverTheLimitWithContentLengthIsPayloadTooLargeAndPublishesNothing() {
        String channel = channel();

        Api.Response response = api().post(PUBLISH, bodyOfSize(channel, LIMIT + 1));

        assertProblem(response, 413, "payload_too_large");
        assertThat(offset(channel)).isZero();
    }

    @Test
    void aChunkedBodyOverTheLimitIsPayloadTooLargeAndPublishesNothing() {
        String channel = channel();
        byte[] body = bodyOfSize(channel, LIMIT + 1).getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = api().request(PUBLISH)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        assertThat(request.build().bodyPublisher().orElseThrow().contentLength())
                .as("chunked")
                .isNegative();

        assertProblem(api().send(request), 413, "payload_too_large");
        assertThat(offset(channel)).isZero();
    }

    @Test
    void aMuchLargerChunkedBodyIsPayloadTooLargeToo() {
        String channel = channel();
        byte[] body = bodyOfSize(channel, 4 * LIMIT).getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = api().request(PUBLISH)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));

        assertProblem(api().send(request), 413, "payload_too_large");
    }

    @Test
    void aBodyOfExactlyTheLimitIsAcceptedWithContentLengthAndChunked() {
        String channel = channel();
        String body = bodyOfSize(channel, LIMIT);
        assertThat(api().post(PUBLISH, body).status()).isEqualTo(200);

        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder chunked = api().request(PUBLISH)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)));
        assertThat(api().send(chunked).status()).isEqualTo(200);
        assertThat(offset(channel)).isEqualTo(2);
    }

    @Test
    void theServerStaysUsableAfterRefusingATooLargeBody() {
        api().post(PUBLISH, bodyOfSize(channel(), 2 * LIMIT));

        assertThat(api().post(PUBLISH, "{\"channel\": \"" + channel() + "\", \"data\": 1}")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void malformedJsonIsABadRequestWhoseDetailDoesNotEchoTheParser() {
        JsonNode problem =
                assertProblem(api().post(PUBLISH, "{\"channel\": \"a\", \"data\": [1, 2}"), 400, "bad_request");

        assertThat(problem.path("detail").asString()).doesNotContain("tools.jackson", "line:", "column:");
    }

    /** A publish body of exactly {@code size} bytes. */
    private static String bodyOfSize(String channel, int size) {
        String prefix = "{\"channel\": \"" + channel + "\", \"data\": \"";
        String suffix = "\"}";
        return prefix + "x".repeat(size - prefix.length() - suffix.length()) + suffix;
    }

    private long offset(String channel) {
        return api().get("/v1/api/history?channel=" + channel)
                .json()
                .path("offset")
                .asLong();
    }

    private static String channel() {
        return "problem-test/" + UUID.randomUUID();
    }
}
