package dev.herald.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.Api;
import dev.herald.testing.IntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * The files of docker-compose.yml say what the app does: the Grafana dashboard queries metrics the app
 * really exports, Prometheus brings the API key the metrics need, and nginx keeps an idle WebSocket open
 * longer than the server's Ping interval. (nginx -t
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
        String scrape = api().asBearer().get("/actuator/prometheus").body();

        assertThat(queried)
                .contains(
                        "herald_connections_active",
                        "herald_messages_published_total",
                        "herald_messages_delivered_total",
                        "herald_delivery_latency_seconds_bucket",
                        "herald_keepalive_rtt_seconds_bucket",
                        "herald_keepalive_timeouts_total",
                        "herald_connections_closed_total");
        for (String name : queried) {
            assertThat(scrape).as("metric %s in /actuator/prometheus", name).containsPattern("(?m)^" + name + "[{ ]");
        }
    }

    @Test
    void prometheusScrapesWithTheApiKeyThatComposeMountsAndHeraldAcceptsItAsABearerToken() throws Exception {
        Map<String, Object> prometheus = new Yaml().load(Files.readString(Path.of("deploy/prometheus/prometheus.yml")));
        Map<String, Object> job = first(prometheus.get("scrape_configs"));
        Map<String, Object> authorization = map(job.get("authorization"));
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
        Map<String, Object> mounted =
                first(map(map(compose.get("services")).get("prometheus")).get("configs"));
        Map<String, Object> config = map(map(compose.get("configs")).get(mounted.get("source")));

        assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
        assertThat(authorization.get("type")).isEqualTo("Bearer");
        assertThat(authorization.get("credentials_file")).isEqualTo(mounted.get("target"));
        assertThat((String) config.get("content")).startsWith("${HERALD_API_KEY");
        assertThat(api().withKey(null).get("/actuator/prometheus").status()).isEqualTo(401);
        assertThat(api().asBearer().get("/actuator/prometheus").status()).isEqualTo(200);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object yaml) {
        assertThat(yaml).isInstanceOf(Map.class);
        return (Map<String, Object>) yaml;
    }

    private static Map<String, Object> first(Object yamlList) {
        assertThat(yamlList)
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .isNotEmpty();
        return map(((List<?>) yamlList).get(0));
    }

    @Test
    void nginxKeepsAnIdleWebSocketOpenLongerThanThePingInterval() throws Exception {
        String nginx = Files.readString(Path.of("deploy/nginx/nginx.conf"));
        Matcher timeout = Pattern.compile("location ~ \\^/v1/\\(ws\\|ingest\\)[^}]*proxy_read_timeout (\\d+)s")
                .matcher(nginx);

        assertThat(timeout.find()).isTrue();
        assertThat(Integer.parseInt(timeout.group(1))).isGreaterThan(20);
        assertThat(nginx)
                .contains("proxy_set_header Upgrade $http_upgrade;")
                .contains("proxy_set_header Connection $connection_upgrade;");
    }
}
