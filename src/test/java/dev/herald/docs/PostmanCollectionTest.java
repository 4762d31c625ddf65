package dev.herald.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.Api;
import dev.herald.testing.IntegrationTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/**
 * Runs every request of the Postman collection in docs/ against the running app, in order, and checks the
 * answer against the example saved with it: the same status and at least the same fields. A change of
 * the API that the collection does not follow fails here.
 */
class PostmanCollectionTest extends IntegrationTest {

    @TestFactory
    Stream<DynamicTest> everyRequestOfThePostmanCollectionAnswersAsItsSavedExample() throws Exception {
        JsonNode collection = Api.JSON.readTree(Files.readString(Path.of("docs/herald.postman_collection.json")));
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode item : collection.get("item")) {
            tests.add(DynamicTest.dynamicTest(item.get("name").asString(), () -> check(item)));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(8);
        return tests.stream();
    }

    private void check(JsonNode item) {
        JsonNode request = item.get("request");
        String url = substitute(request.get("url").get("raw").asString());
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url));
        for (JsonNode header : request.path("header")) {
            builder.header(header.get("key").asString(), substitute(header.get("value").asString()));
        }
        String body = request.path("body").path("raw").asString("");
        builder.method(request.get("method").asString(),
                body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        Api.Response response = new Api(port, null).send(builder);

        JsonNode example = item.get("response").get(0);
        assertThat(response.status()).as("status of %s", item.get("name")).isEqualTo(example.get("code").asInt());
        String exampleBody = example.path("body").asString("");
        if (!exampleBody.isEmpty()) {
            assertSameShape(Api.JSON.readTree(exampleBody), response.json(), "$");
        }
    }

    /** Every field of the example is in the answer, with a value of the same JSON type, recursively. */
    private static void assertSameShape(JsonNode example, JsonNode actual, String path) {
        if (example.isNull() || actual.isNull()) {
            return;
        }
        assertThat(actual.getNodeType()).as("type at %s", path).isEqualTo(example.getNodeType());
        if (example.isObject()) {
            for (String field : example.propertyNames()) {
                assertThat(actual.has(field)).as("field %s.%s in %s", path, field, actual).isTrue();
                assertSameShape(example.get(field), actual.get(field), path + "." + field);
            }
        } else if (example.isArray() && !example.isEmpty() && !actual.isEmpty()) {
            assertSameShape(example.get(0), actual.get(0), path + "[0]");
        }
    }

    private String substitute(String text) {
        return text.replace("{{baseUrl}}", "http://127.0.0.1:" + port).replace("{{apiKey}}", API_KEY);
    }
}
