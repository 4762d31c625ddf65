package dev.herald.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.Api;
import dev.herald.testing.IntegrationTest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The dashboard's production build (frontend/, built by Maven before resources are packaged) is served at /. */
class DashboardPageTest extends IntegrationTest {

    @Test
    void theRootServesTheDashboardPageWithoutAnApiKey() {
        Api.Response page = api().withKey(null).get("/");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("<div id=\"app\"></div>").contains("Herald");
    }

    @Test
    void theDashboardScriptAndStylesAreServedFromTheBuild() {
        String html = api().withKey(null).get("/").body();
        Matcher assets = Pattern.compile("(/assets/[\\w.-]+\\.(js|css))").matcher(html);
        int found = 0;
        while (assets.find()) {
            Api.Response asset = api().withKey(null).get(assets.group(1));
            assertThat(asset.status()).as(assets.group(1)).isEqualTo(200);
            assertThat(asset.body()).isNotEmpty();
            found++;
        }
        assertThat(found).as("script and stylesheet linked from index.html").isGreaterThanOrEqualTo(2);
    }

    @Test
    void theRestApiStillRequiresItsKeyBesideTheStaticPage() {
        assertThat(api().withKey(null).get("/v1/api/channels").problemCode()).isEqualTo("unauthorized");
        assertThat(api().get("/v1/api/channels").status()).isEqualTo(200);
    }
}
