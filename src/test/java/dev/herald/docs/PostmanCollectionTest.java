package dev.herald.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.herald.testing.Api;
import dev.herald.testing.IntegrationTest;
import dev.herald.testing.Tools;
import dev.herald.testing.WsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The Postman collection in docs/ is run by newman, the Postman CLI, against the running app, as a Postman
 * user would run it: every request in order, each with the assertions of its test script. newman is pinned
 * by src/test/newman/package-lock.json and installed on first use into ~/.cache/herald (see {@link Tools}).
 * A WebSocket connection of the collection's user is open during the run, for the requests that look at
 * and close one. newman's report is in target/newman/.
 */
class PostmanCollectionTest extends IntegrationTest {

    private static final Logger log = LoggerFactory.getLogger(PostmanCollectionTest.class);
    private static final Path COLLECTION = Path.of("docs", "herald.postman_collection.json");

    @Test
    void newmanRunsEveryRequestOfTheCollectionAndEveryAssertionHolds() throws Exception {
        boolean npm = Tools.onPath("npm").isPresent();
        if (!npm && !Tools.requiredByCi()) {
            log.warn("Skipping the newman run: npm was not found (with CI=true it is required)");
        }
        assumeTrue(npm || Tools.requiredByCi(), "npm was not found: newman cannot be installed");
        Path newman = Tools.newman(Path.of("src", "test", "newman"));
        Path reports = Files.createDirectories(Path.of("target", "newman")).toAbsolutePath();
        String user = "postman-" + UUID.randomUUID();
        int requests = collection().get("item").size();

        try (WsClient connection = connect(token(user, List.of("alerts"), List.of()))) {
            connection.next("welcome");
            connection.subscribe("alerts");

            Tools.Result result = Tools.run(
                    List.of(
                            newman.toString(),
                            "run",
                            COLLECTION.toAbsolutePath().toString(),
                            "--env-var",
                            "baseUrl=http://127.0.0.1:" + port,
                            "--env-var",
                            "apiKey=" + API_KEY,
                            "--env-var",
                            "user=" + user,
                            "--timeout-request",
                            "10000",
                            "--color",
                            "off",
                            "--reporters",
                            "cli,json",
                            "--reporter-json-export",
                            reports.resolve("report.json").toString()),
                    reports,
                    Duration.ofMinutes(2));
            Files.writeString(reports.resolve("output.txt"), result.output());

            JsonNode run =
                    Api.JSON.readTree(reports.resolve("report.json").toFile()).get("run");
            assertThat(result.exitCode())
                    .as("newman's run (target/newman/output.txt):%n%s", result.output())
                    .isZero();
            assertThat(run.at("/stats/requests/total").asInt()).isEqualTo(requests);
            assertThat(run.at("/stats/requests/failed").asInt()).isZero();
            assertThat(run.at("/stats/assertions/failed").asInt()).isZero();
            assertThat(run.at("/stats/assertions/total").asInt()).isGreaterThanOrEqualTo(2 * requests);
            for (JsonNode execution : run.get("executions")) {
                assertThat(execution.path("assertions").size())
                        .as("assertions of %s", execution.at("/item/name"))
                        .isGreaterThanOrEqualTo(1);
            }
            WsClient.Closed closed = connection.awaitClose(5);
            assertThat(closed.code()).as("the close the collection asked for").isEqualTo(4100);
            assertThat(closed.reason()).isEqualTo("bye");
        }
    }

    @Test
    void everyRequestChecksItsAnswerAndTheConnectionRequestsAreThere() throws Exception {
        List<String> requests = new ArrayList<>();
        for (JsonNode item : collection().get("item")) {
            String test = String.join(
                    "\n",
                    strings(item.at("/event")
                            .valueStream()
                            .filter(e -> e.path("listen").asString().equals("test"))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError("no test script in " + item.get("name")))
                            .at("/script/exec")));
            assertThat(test)
                    .as("test script of %s", item.get("name"))
                    .contains("pm.test(")
                    .containsPattern("pm\\.response\\.to\\.have\\.status\\(\\d{3}\\)");
            assertThat(test)
                    .as("assertions on the body of %s", item.get("name"))
                    .containsAnyOf("pm.response.json()", "pm.response.text()");
            JsonNode request = item.get("request");
            requests.add(request.get("method").asString() + " "
                    + request.at("/url/raw").asString());
            if (request.at("/url/raw").asString().endsWith("/v1/api/publish")) {
                assertThat(request.at("/body/raw").asString())
                        .as("publishes go to the documented channel")
                        .contains("\"channel\": \"{{channel}}\"");
            }
        }
        assertThat(requests)
                .contains(
                        "GET {{baseUrl}}/v1/api/connections/{{connectionId}}",
                        "DELETE {{baseUrl}}/v1/api/connections/{{connectionId}}?code=4100&reason=bye",
                        "POST {{baseUrl}}/v1/api/createtoken",
                        "POST {{baseUrl}}/v1/api/publish",
                        "GET {{baseUrl}}/v1/api/devices",
                        "GET {{baseUrl}}/v1/api/nodes");
        assertThat(collection().at("/variable").findValuesAsString("value")).contains("alerts");
    }

    private static JsonNode collection() throws Exception {
        return Api.JSON.readTree(Files.readString(COLLECTION));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }
}
