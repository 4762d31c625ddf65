package dev.herald.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.Api;
import dev.herald.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every answer tells browsers not to sniff, frame, leak the referrer or run anything not Herald's own. */
class SecurityHeadersTest extends IntegrationTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/",
                "/v1/api/channels",
                "/v1/api/no-such-thing",
                "/v1/api/history",
                "/actuator/health",
                "/v3/api-docs"
            })
    void everyAnswerCarriesTheSecurityHeaders(String path) {
        Api.Response response = api().get(path);

        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(response.header("Content-Security-Policy"))
                .contains("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
    }

    @Test
    void swaggerUiMayUseInlineStylesButNoInlineScripts() {
        Api.Response response = api().get("/swagger-ui/index.html");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Security-Policy"))
                .contains("default-src 'self'", "style-src 'self' 'unsafe-inline'", "frame-ancestors 'none'")
                .doesNotContain("script-src", "unsafe-eval");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/api/channels", "/no-such-page"})
    void anAnswerWithoutAnApiKeyCarriesThemToo(String path) {
        Api.Response response = api().withKey(null).get(path);

        assertThat(response.status()).isGreaterThanOrEqualTo(400);
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
    }
}
