package dev.herald.clientlib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.Api;
import dev.herald.testing.IntegrationTest;
import org.junit.jupiter.api.Test;

/** The client library's bundle (clients/js, built by Maven) is served at /herald-client.js for pages to import. */
class HeraldClientScriptTest extends IntegrationTest {

    @Test
    void theLibraryIsServedAsAJavaScriptModuleWithoutAnApiKey() {
        Api.Response script = api().withKey(null).get("/herald-client.js");

        assertThat(script.status()).isEqualTo(200);
        assertThat(script.header("Content-Type")).startsWith("text/javascript");
        assertThat(script.body())
                .containsPattern("HeraldClient = class")
                .containsPattern("export\\s*\\{[^}]*HeraldClient");
        // one self-contained module: nothing for a page without a bundler to resolve
        assertThat(script.body()).doesNotContainPattern("(?m)^\\s*import\\s").doesNotContain("require(");
    }
}
