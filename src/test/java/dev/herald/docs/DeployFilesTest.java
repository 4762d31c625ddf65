package dev.herald.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.Api;
import dev.herald.testing.IntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The files of docker-compose.yml say what the app does: the Grafana dashboard queries metrics the app
 * really exports, and nginx keeps an idle WebSocket open longer than the server's Ping interval. (nginx -t
 * and promtool run in deploy/check.sh, where those tools are installed.)
 */
class DeployFilesTest extends IntegrationTest {

    @Test
    void everyMetricTheGrafanaDashboardQueriesIsExportedByHerald() throws Exception {
        JsonNode dashboard = Api.JSON.readTree(Files.readString(Path.of("deploy/grafana/dashboards/herald.json")));
        Set<String> queried = new TreeSet<>();
        Pattern metric = Pattern.compile("herald_[a-z_]+");
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher names = metric.matcher(target.path("expr").asString());
                while (names.find()) {
                    queried.add(names.group());
                }
            }
        }
        String scrape = api().get("/actuator/prometheus").body();

        assertThat(queried).contains("herald_connections_active", "herald_messages_published_total",
                "herald_messages_delivered_total", "herald_delivery_latency_seconds_bucket",
                "herald_keepalive_rtt_seconds_bucket", "herald_keepalive_timeouts_total",
                "herald_connections_closed_total");
        for (String name : queried) {
            assertThat(scrape).as("metric %s in /actuator/prometheus", name).containsPattern("(?m)^" + name + "[{ ]");
        }
    }

    @Test
    void nginxKeepsAnIdleWebSocketOpenLongerThanThePingInterval() throws Exception {
        String nginx = Files.readString(Path.of("deploy/nginx/nginx.conf"));
        Matcher timeout = Pattern.compile("location ~ \\^/v1/\\(ws\\|ingest\\)[^}]*proxy_read_timeout (\\d+)s").matcher(nginx);

        assertThat(timeout.find()).isTrue();
        assertThat(Integer.parseInt(timeout.group(1))).isGreaterThan(20);
        assertThat(nginx).contains("proxy_set_header Upgrade $http_upgrade;")
                .contains("proxy_set_header Connection $connection_upgrade;");
    }
}
