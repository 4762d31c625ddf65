package dev.herald.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.Api;
import dev.herald.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OpenApiDocumentTest extends IntegrationTest {

    @Test
    void theOpenApiDocumentDescribesEveryRestEndpoint() {
        Api.Response response = new Api(port, null).get("/v3/api-docs");
        assertThat(response.status()).isEqualTo(200);
        JsonNode paths = response.json().get("paths");
        assertThat(paths.has("/v1/api/createtoken")).isTrue();
        assertThat(paths.get("/v1/api/publish").has("post")).isTrue();
        assertThat(paths.has("/v1/api/history")).isTrue();
        assertThat(paths.has("/v1/api/channels")).isTrue();
        assertThat(paths.has("/v1/api/connections")).isTrue();
        assertThat(paths.get("/v1/api/connections/{id}").has("delete")).isTrue();
        assertThat(paths.get("/v1/api/nodes").has("get")).isTrue();
        assertThat(response.json().path("components").path("securitySchemes").has("apiKey")).isTrue();
    }

    @Test
    void theSwaggerUiIsServed() {
        Api.Response response = new Api(port, null).send(new Api(port, null).request("/swagger-ui/index.html"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("swagger");
    }
}
