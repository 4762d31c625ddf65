package dev.herald.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.Api;
import dev.herald.testing.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document tells the truth about the API: the statuses the server really answers, the problem
 * schema of every error, `data` as any JSON value, which fields are always there and which may be null,
 * tags, examples the server accepts, and the two ways of sending the API key. (schemathesis checks the
 * server against it in OpenApiSchemathesisTest.)
 */
class OpenApiDocumentTest extends IntegrationTest {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

    private JsonNode document;

    @BeforeEach
    void readDocument() {
        Api.Response response = new Api(port, null).get("/v3/api-docs");
        assertThat(response.status()).isEqualTo(200);
        document = response.json();
    }

    @Test
    void theDocumentDescribesEveryRestEndpoint() {
        JsonNode paths = document.get("paths");

        assertThat(paths.path("/v1/api/createtoken").has("post")).isTrue();
        assertThat(paths.path("/v1/api/publish").has("post")).isTrue();
        assertThat(paths.path("/v1/api/history").has("get")).isTrue();
        assertThat(paths.path("/v1/api/channels").has("get")).isTrue();
        assertThat(paths.path("/v1/api/connections").has("get")).isTrue();
        assertThat(paths.path("/v1/api/connections/{id}").has("get")).isTrue();
        assertThat(paths.path("/v1/api/connections/{id}").has("delete")).isTrue();
        assertThat(paths.path("/v1/api/devices/{deviceId}/levels").has("post")).isTrue();
        assertThat(paths.path("/v1/api/devices").has("get")).isTrue();
        assertThat(paths.path("/v1/api/nodes").has("get")).isTrue();
    }

    @Test
    void everyOperationDocumentsItsErrorsAsProblemJsonWithTheProblemSchema() {
        forEachOperation((name, operation) -> {
            JsonNode responses = operation.get("responses");
            assertThat(responses.has("400")).as("400 of %s", name).isTrue();
            assertThat(responses.has("401")).as("401 of %s", name).isTrue();
            if (operation.has("requestBody")) {
                assertThat(responses.has("413")).as("413 of %s", name).isTrue();
                assertThat(responses.has("415")).as("415 of %s", name).isTrue();
            }
            for (String status : responses.propertyNames()) {
                if (status.startsWith("4") || status.startsWith("5")) {
                    JsonNode content = responses.get(status).path("content");
                    assertThat(content.propertyNames())
                            .as("media types of %s %s", status, name)
                            .containsExactly("application/problem+json");
                    assertThat(content.path("application/problem+json")
                                    .path("schema")
                                    .path("$ref")
                                    .asString())
                            .as("schema of %s %s", status, name)
                            .isEqualTo("#/components/schemas/Problem");
                }
            }
        });
        JsonNode problem = schema("Problem");
        assertThat(strings(problem.path("required"))).containsExactlyInAnyOrder("status", "title", "detail", "code");
        assertThat(problem.path("properties").propertyNames())
                .contains("status", "title", "detail", "code", "instance");
    }

    @Test
    void theDocumentedStatusesAreTheOnesTheServerAnswers() {
        JsonNode paths = document.get("paths");

        assertThat(paths.at("/~1v1~1api~1connections~1{id}/delete/responses").propertyNames())
                .contains("204", "404")
                .doesNotContain("200");
        assertThat(paths.at("/~1v1~1api~1devices~1{deviceId}~1levels/post/responses")
                        .propertyNames())
                .contains("202")
                .doesNotContain("200");
        assertThat(paths.at("/~1v1~1api~1publish/post/responses").propertyNames())
                .contains("200", "409", "503");
        assertThat(paths.at("/~1v1~1api~1connections~1{id}/get/responses").propertyNames())
                .contains("200", "404");
        assertThat(api().delete("/v1/api/connections/no-such-connection").status())
                .isEqualTo(404);
        assertThat(api().post("/v1/api/devices/openapi-cam/levels", "{\"rmsDb\": -20.0, \"peakDb\": -6.0}")
                        .status())
                .isEqualTo(202);
    }

    @Test
    void successfulAnswersAreJson() {
        forEachOperation((name, operation) -> operation
                .get("responses")
                .properties()
                .forEach(response -> {
                    if (response.getKey().startsWith("2") && response.getValue().has("content")) {
                        assertThat(response.getValue().get("content").propertyNames())
                                .as("media types of %s %s", response.getKey(), name)
                                .containsExactly("application/json");
                    }
                }));
    }

    @Test
    void theExampleOfEachErrorCarriesTheCodeTheServerSends() {
        Map<String, Api.Response> real = Map.of(
                "400", api().get("/v1/api/channels?limit=0"),
                "401", api().withKey(null).get("/v1/api/channels"),
                "404", api().get("/v1/api/connections/no-such-connection"));
        forEachOperation((name, operation) -> real.forEach((status, answer) -> {
            JsonNode documented = operation.path("responses").path(status);
            if (!documented.isMissingNode()) {
                JsonNode example = documented.at("/content/application~1problem+json/example");
                assertThat(example.path("code").asString())
                        .as("code of the %s example of %s", status, name)
                        .isEqualTo(answer.problemCode());
                assertThat(example.path("status").asInt()).isEqualTo(answer.status());
            }
        }));
    }

    @Test
    void dataIsAnyJsonValueNotTheJsonNodeClass() {
        for (JsonNode data : List.of(
                schema("PublishRequest").at("/properties/data"),
                schema("Message").at("/properties/data"))) {
            assertThat(data.isObject()).isTrue();
            assertThat(data.has("type")).as("type of data %s", data).isFalse();
            assertThat(data.has("$ref")).as("$ref of data %s", data).isFalse();
            assertThat(data.path("description").asString()).contains("Any JSON value");
        }
        assertThat(document.path("components").path("schemas").has("JsonNode")).isFalse();
        assertThat(document.toString()).doesNotContain("nodeType", "floatingPointNumber");
    }

    @Test
    void requiredFieldsAreMarkedAndNullableOnesSayNull() {
        assertThat(strings(schema("PublishRequest").path("required"))).containsExactlyInAnyOrder("channel", "data");
        assertThat(strings(schema("CreateTokenRequest").path("required"))).containsExactly("userName");
        assertThat(strings(schema("ConnectionView").path("required")))
                .contains(
                        "id",
                        "user",
                        "node",
                        "remoteAddress",
                        "userAgent",
                        "uri",
                        "state",
                        "connectedAt",
                        "lastPongAt",
                        "rttMs",
                        "messagesIn",
                        "messagesOut",
                        "bytesIn",
                        "bytesOut",
                        "subscriptions")
                .doesNotContain("recent");
        assertThat(strings(schema("ConnectionView").at("/properties/lastPongAt/type")))
                .contains("integer", "null");
        assertThat(strings(schema("ConnectionView").at("/properties/id/type"))).containsExactly("string");
        assertThat(strings(schema("ChannelPage").path("required")))
                .containsExactlyInAnyOrder("channels", "total", "next");
        assertThat(strings(schema("ChannelPage").at("/properties/next/type"))).contains("string", "null");
        assertThat(strings(schema("PublishResponse").path("required")))
                .containsExactlyInAnyOrder("id", "channel", "offset", "epoch", "ts");
        assertThat(strings(schema("Message").path("required")))
                .containsExactlyInAnyOrder("channel", "offset", "id", "ts", "data");
        assertThat(strings(schema("CreateTokenResponse").at("/properties/requestId/type")))
                .contains("null");
    }

    @Test
    void everyOperationHasOneDeclaredFeatureTag() {
        Set<String> declared = new TreeSet<>();
        for (JsonNode tag : document.path("tags")) {
            assertThat(tag.path("description").asString())
                    .as("description of tag %s", tag)
                    .isNotBlank();
            declared.add(tag.path("name").asString());
        }
        assertThat(declared).contains("tokens", "messages", "channels", "connections", "nodes", "devices");
        forEachOperation((name, operation) -> {
            assertThat(strings(operation.path("tags"))).as("tags of %s", name).hasSize(1);
            assertThat(declared)
                    .as("tags of %s", name)
                    .contains(operation.path("tags").get(0).asString());
        });
    }

    @Test
    void theRequestExamplesAreMeaningfulAndTheServerAcceptsThem() {
        JsonNode publish = document.at("/paths/~1v1~1api~1publish/post/requestBody/content/application~1json/examples");
        assertThat(publish.isEmpty()).isFalse();
        for (JsonNode example : publish) {
            JsonNode value = example.path("value");
            assertThat(value.path("channel").asString()).isEqualTo("alerts");
            assertThat(value.path("data").path("text").asString()).isNotBlank();
        }
        List<String> sent = new ArrayList<>();
        forEachOperation((name, operation) -> operation
                .at("/requestBody/content/application~1json/examples")
                .forEach(example -> {
                    String path = name.substring(name.indexOf(' ') + 1).replace("{deviceId}", "openapi-example");
                    Api.Response answer = api().post(path, example.path("value").toString());
                    assertThat(answer.status())
                            .as("%s with its example %s: %s", name, example, answer.body())
                            .isBetween(200, 299);
                    sent.add(name);
                }));
        assertThat(sent)
                .contains("post /v1/api/publish", "post /v1/api/createtoken", "post /v1/api/devices/{deviceId}/levels");
    }

    @Test
    void theApiKeyMayBeSentAsAHeaderOrAsABearerToken() {
        JsonNode schemes = document.path("components").path("securitySchemes");

        assertThat(schemes.path("apiKey").path("type").asString()).isEqualTo("apiKey");
        assertThat(schemes.path("apiKey").path("in").asString()).isEqualTo("header");
        assertThat(schemes.path("apiKey").path("name").asString()).isEqualTo("X-Api-Key");
        assertThat(schemes.path("bearer").path("type").asString()).isEqualTo("http");
        assertThat(schemes.path("bearer").path("scheme").asString()).isEqualTo("bearer");
        List<String> alternatives = new ArrayList<>();
        document.path("security").forEach(requirement -> alternatives.addAll(requirement.propertyNames()));
        assertThat(alternatives).containsExactlyInAnyOrder("apiKey", "bearer");
        assertThat(api().withKey(null)
                        .send(api().withKey(null).request("/v1/api/nodes").header("Authorization", "Bearer " + API_KEY))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void theSwaggerUiIsServed() {
        Api.Response response = new Api(port, null).send(new Api(port, null).request("/swagger-ui/index.html"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("swagger");
    }

    private JsonNode schema(String name) {
        JsonNode schema = document.path("components").path("schemas").path(name);
        assertThat(schema.isObject()).as("schema %s", name).isTrue();
        return schema;
    }

    private void forEachOperation(BiConsumer<String, JsonNode> check) {
        document.get("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(operation -> {
                    if (METHODS.contains(operation.getKey())) {
                        check.accept(operation.getKey() + " " + path.getKey(), operation.getValue());
                    }
                }));
    }

    private static List<String> strings(JsonNode node) {
        if (node.isString()) {
            return List.of(node.asString());
        }
        List<String> values = new ArrayList<>();
        node.forEach(value -> values.add(value.asString()));
        return values;
    }
}
