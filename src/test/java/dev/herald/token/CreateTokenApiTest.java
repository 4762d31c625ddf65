package dev.herald.token;

import static dev.herald.problem.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.Api;
import dev.herald.testing.IntegrationTest;
import dev.herald.testing.WsClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class CreateTokenApiTest extends IntegrationTest {

    private static final String PATH = "/v1/api/createtoken";

    @Test
    void thePostmanPayloadGetsATokenWithUserNameAndRequestIdEchoedAndAnExpiryAnHourAhead() {
        long before = System.currentTimeMillis();
        Api.Response response = api().post(PATH, "{\"UserName\": \"keda\", \"RequestId\": \"1614738418531\"}");
        long after = System.currentTimeMillis();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        JsonNode body = response.json();
        assertThat(body.path("token").asString()).isNotBlank();
        assertThat(body.path("userName").asString()).isEqualTo("keda");
        assertThat(body.path("requestId").isString())
                .as("requestId stays a string")
                .isTrue();
        assertThat(body.path("requestId").asString()).isEqualTo("1614738418531");
        assertThat(body.path("expiresAt").isNumber()).isTrue();
        assertThat(body.path("expiresAt").asLong()).isBetween(before + 3_600_000 - 1_000, after + 3_600_000);
    }

    @Test
    void theExpiryOfTheAnswerIsTheExpOfTheToken() {
        JsonNode body = api().post(PATH, "{\"UserName\": \"exp-user\"}").json();

        JsonNode claims = payload(body.path("token").asString());
        assertThat(claims.path("exp").asLong() * 1000)
                .isEqualTo(body.path("expiresAt").asLong());
    }

    @Test
    void camelCasePropertyNamesWorkToo() {
        Api.Response response =
                api().post(PATH, "{\"userName\": \"camel-user\", \"requestId\": \"r-1\", \"ttlSeconds\": 60}");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("userName").asString()).isEqualTo("camel-user");
        assertThat(response.json().path("requestId").asString()).isEqualTo("r-1");
        JsonNode claims = payload(response.json().path("token").asString());
        assertThat(claims.path("sub").asString()).isEqualTo("camel-user");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(60);
    }

    @Test
    void propertyNamesAreCaseInsensitiveWhateverTheCase() {
        Api.Response response = api().post(PATH, "{\"USERNAME\": \"upper-user\", \"subscribe\": [\"a/*\"]}");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(payload(response.json().path("token").asString())
                        .path("subscribe")
                        .get(0)
                        .asString())
                .isEqualTo("a/*");
    }

    @Test
    void withoutRequestIdTheAnswerCarriesANullRequestId() {
        JsonNode body = api().post(PATH, "{\"UserName\": \"no-request-id\"}").json();

        assertThat(body.has("requestId")).isTrue();
        assertThat(body.path("requestId").isNull()).isTrue();
    }

    @Test
    void theTokenIsAnHs256JwtWhoseClaimsCarryTheUserThePatternsAndTheRequestedLifetime() {
        long before = System.currentTimeMillis() / 1000;
        JsonNode body = api().post(PATH, """
                {"UserName": "claims-user", "RequestId": "r-2", "Subscribe": ["volume/*", "alerts"],
                 "Publish": ["chat/**"], "TtlSeconds": 120}""").json();
        long after = System.currentTimeMillis() / 1000;
        String token = body.path("token").asString();

        assertThat(token.split("\\.")).hasSize(3);
        JsonNode header = part(token, 0);
        assertThat(header.path("alg").asString()).isEqualTo("HS256");
        JsonNode claims = payload(token);
        assertThat(claims.path("sub").asString()).isEqualTo("claims-user");
        assertThat(claims.path("iat").asLong()).isBetween(before, after);
        assertThat(claims.path("exp").asLong()).isEqualTo(claims.path("iat").asLong() + 120);
        assertThat(claims.path("jti").asString()).isNotBlank();
        assertThat(strings(claims.path("subscribe"))).containsExactly("volume/*", "alerts");
        assertThat(strings(claims.path("publish"))).containsExactly("chat/**");
        assertThat(body.path("expiresAt").asLong()).isEqualTo(claims.path("exp").asLong() * 1000);
    }

    @Test
    void everyTokenHasItsOwnJti() {
        String first = api().post(PATH, "{\"UserName\": \"jti-user\"}")
                .json()
                .path("token")
                .asString();
        String second = api().post(PATH, "{\"UserName\": \"jti-user\"}")
                .json()
                .path("token")
                .asString();

        assertThat(payload(first).path("jti").asString())
                .isNotEqualTo(payload(second).path("jti").asString());
    }

    @Test
    void withoutPatternsTheTokenMayReadEverythingAndPublishNothing() {
        String token = api().post(PATH, "{\"UserName\": \"defaults-user\"}")
                .json()
                .path("token")
                .asString();

        JsonNode claims = payload(token);

        assertThat(strings(claims.path("subscribe"))).containsExactly("**");
        assertThat(claims.path("publish").isArray()).isTrue();
        assertThat(claims.path("publish").size()).isZero();
    }

    @Test
    void aTtlOfExactly24HoursIsAccepted() {
        Api.Response response = api().post(PATH, "{\"UserName\": \"max-ttl\", \"TtlSeconds\": 86400}");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode claims = payload(response.json().path("token").asString());
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(86_400);
    }

    @Test
    void theIssuedTokenOpensAWebSocketAsThatUser() {
        String token = api().post(PATH, "{\"UserName\": \"ws-token-user\"}")
                .json()
                .path("token")
                .asString();

        try (WsClient client = connect(token)) {
            assertThat(client.next("welcome").path("user").asString()).isEqualTo("ws-token-user");
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                "{\"RequestId\": \"1\"}",
                "{\"UserName\": \"\"}",
                "{\"UserName\": \"   \"}",
                "{\"UserName\": null}",
                "{\"UserName\": {\"first\": \"keda\"}}",
                "{\"UserName\": [\"keda\"]}",
                "{\"UserName\": 123}",
                "{\"UserName\": true}",
                "{\"UserName\": \"a\\ud800b\"}",
                "{\"UserName\": \"u\", \"RequestId\": 1614738418531}",
                "{\"UserName\": \"u\", \"RequestId\": \"\\udc00\"}",
                "{\"UserName\": \"u\", \"Subscribe\": [5]}",
                "{\"UserName\": \"u\", \"TtlSeconds\": \"60\"}",
                "{\"UserName\": \"u\", \"TtlSeconds\": 60.5}",
                "{\"UserName\": \"u\", \"Subscribe\": \"x\"}",
                "{\"UserName\": \"u\", \"Publish\": {\"a\": 1}}",
                "{\"UserName\": \"u\", \"TtlSeconds\": \"soon\"}",
                "{\"UserName\": \"u\", \"TtlSeconds\": [60]}",
                "{\"UserName\": \"u\", \"Subscribe\": [\"has space\"]}",
                "{\"UserName\": \"u\", \"Subscribe\": [\"a/**/b\"]}",
                "{\"UserName\": \"u\", \"Publish\": [\"\"]}",
                "{\"UserName\": \"u\", \"Publish\": [\"caf\u00e9\"]}",
                "{\"UserName\": \"u\", \"TtlSeconds\": 86401}",
                "{\"UserName\": \"u\", \"TtlSeconds\": 0}",
                "{\"UserName\": \"u\", \"TtlSeconds\": -60}",
                "{\"UserName\": \"u\"",
                "UserName=keda",
                "[]",
                "\"keda\"",
                ""
            })
    void anInvalidRequestIsABadRequestProblem(String body) {
        assertProblem(api().post(PATH, body), 400, "bad_request");
    }

    @Test
    void aUserNameOver200CharactersIsABadRequestProblem() {
        assertProblem(api().post(PATH, "{\"UserName\": \"" + "u".repeat(201) + "\"}"), 400, "bad_request");
    }

    @Test
    void aTtlOver24HoursIsRefusedWithADetailNamingTtlSeconds() {
        JsonNode problem =
                assertProblem(api().post(PATH, "{\"UserName\": \"u\", \"TtlSeconds\": 90000}"), 400, "bad_request");

        assertThat(problem.path("detail").asString()).containsIgnoringCase("ttlSeconds");
    }

    @Test
    void aMissingUserNameIsRefusedWithADetailNamingUserName() {
        JsonNode problem = assertProblem(api().post(PATH, "{\"RequestId\": \"1\"}"), 400, "bad_request");

        assertThat(problem.path("detail").asString()).containsIgnoringCase("userName");
    }

    @Test
    void aBodyThatIsNotJsonIsAnUnsupportedMediaTypeProblem() {
        assertProblem(api().post(PATH, "UserName=keda", "Content-Type", "text/plain"), 415, "unsupported_media_type");
        assertProblem(
                api().post(PATH, "UserName=keda", "Content-Type", "application/x-www-form-urlencoded"),
                415,
                "unsupported_media_type");
    }

    @Test
    void aBodyWithoutContentTypeIsAnUnsupportedMediaTypeProblem() {
        HttpRequest.Builder request =
                api().request(PATH).POST(HttpRequest.BodyPublishers.ofString("{\"UserName\": \"keda\"}"));

        assertProblem(api().send(request), 415, "unsupported_media_type");
    }

    static JsonNode payload(String token) {
        return part(token, 1);
    }

    static JsonNode part(String token, int index) {
        String encoded = token.split("\\.")[index];
        return Api.JSON.readTree(new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8));
    }

    private static List<String> strings(JsonNode array) {
        assertThat(array.isArray()).as("%s is an array", array).isTrue();
        return array.valueStream().map(JsonNode::asString).toList();
    }
}
