package dev.herald.auth;

import static dev.herald.problem.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.Api;
import dev.herald.testing.IntegrationTest;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeyAuthenticationTest extends IntegrationTest {

    private static final String CREATE = "/v1/api/createtoken";
    private static final String BODY = "{\"UserName\": \"keda\", \"RequestId\": \"1614738418531\"}";

    @Test
    void withoutAnApiKeyTheApiAnswers401Unauthorized() {
        Api.Response response = api().withKey(null).post(CREATE, BODY);

        assertProblem(response, 401, "unauthorized");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void aWrongXApiKeyIsUnauthorized() {
        assertProblem(api().withKey("not-the-key").post(CREATE, BODY), 401, "unauthorized");
    }

    @Test
    void aKeyThatMerelyStartsLikeTheRightOneIsUnauthorized() {
        assertProblem(api().withKey(API_KEY + "x").post(CREATE, BODY), 401, "unauthorized");
        assertProblem(
                api().withKey(API_KEY.substring(0, API_KEY.length() - 1)).post(CREATE, BODY), 401, "unauthorized");
    }

    @Test
    void theApiKeyWorksAsXApiKey() {
        assertThat(api().post(CREATE, BODY).status()).isEqualTo(200);
    }

    @Test
    void theApiKeyWorksAsABearerAuthorization() {
        Api.Response response = api().withKey(null).post(CREATE, BODY, "Authorization", "Bearer " + API_KEY);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("userName").asString()).isEqualTo("keda");
    }

    @Test
    void aWrongBearerKeyIsUnauthorized() {
        assertProblem(api().withKey(null).post(CREATE, BODY, "Authorization", "Bearer nope"), 401, "unauthorized");
    }

    @Test
    void anAuthorizationOfAnotherSchemeIsUnauthorized() {
        assertProblem(api().withKey(null).post(CREATE, BODY, "Authorization", "Basic " + API_KEY), 401, "unauthorized");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/v1/api/channels",
                "/v1/api/connections",
                "/v1/api/connections/x",
                "/v1/api/history?channel=auth-check"
            })
    void everyReadOfTheApiNeedsTheKey(String path) {
        assertProblem(api().withKey(null).get(path), 401, "unauthorized");
        Api anonymous = api().withKey(null);
        assertThat(anonymous
                        .send(anonymous
                                .request(path)
                                .header("Authorization", "Bearer " + API_KEY)
                                .GET())
                        .status())
                .isNotEqualTo(401);
    }

    @Test
    void publishingNeedsTheKeyAndPublishesNothingWithoutIt() {
        Api.Response refused = api().withKey(null).post("/v1/api/publish", "{\"channel\": \"auth/pub\", \"data\": 1}");

        assertProblem(refused, 401, "unauthorized");
        assertThat(api().get("/v1/api/history?channel=auth/pub")
                        .json()
                        .path("offset")
                        .asLong())
                .isZero();
    }

    @Test
    void deletingAConnectionNeedsTheKey() {
        assertProblem(api().withKey(null).delete("/v1/api/connections/x"), 401, "unauthorized");
        assertProblem(api().withKey("wrong").delete("/v1/api/connections/x"), 401, "unauthorized");
    }

    @Test
    void theBearerSchemeNameIsCaseInsensitive() {
        HttpRequest.Builder request = api().withKey(null)
                .request("/v1/api/channels")
                .header("Authorization", "bearer " + API_KEY)
                .GET();

        assertThat(api().send(request).status()).isEqualTo(200);
    }
}
