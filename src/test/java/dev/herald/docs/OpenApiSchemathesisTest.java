package dev.herald.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.herald.testing.IntegrationTest;
import dev.herald.testing.Tools;
import dev.herald.testing.WsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * schemathesis, the property-based API tester, judges the OpenAPI document against the running server as an
 * API's users would: from /v3/api-docs it sends valid and invalid requests to every operation and fails on
 * any 5xx, and on any answer whose status, content type or body the document does not describe. It runs
 * against an application of its own (it publishes whatever it makes up), with a fixed seed so that a failure
 * reproduces ({@code -Dherald.schemathesis.seed=N} tries another). The output and a JUnit report are in
 * {@code target/schemathesis/}. Without python3 it is skipped with a warning, unless CI=true.
 */
@TestPropertySource(properties = "herald.node.id=schemathesis-node")
@DirtiesContext
class OpenApiSchemathesisTest extends IntegrationTest {

    private static final Logger log = LoggerFactory.getLogger(OpenApiSchemathesisTest.class);
    private static final String CHECKS =
            "not_a_server_error,status_code_conformance,content_type_conformance," + "response_schema_conformance";

    @Test
    void schemathesisFindsNoServerErrorAndEveryAnswerConformsToTheDocument() throws Exception {
        boolean python = Tools.onPath("python3").isPresent();
        if (!python && !Tools.requiredByCi()) {
            log.warn("Skipping the schemathesis run: python3 was not found (with CI=true it is required)");
        }
        assumeTrue(python || Tools.requiredByCi(), "python3 was not found: schemathesis cannot be installed");
        Path st = Tools.schemathesis();
        Path reports =
                Files.createDirectories(Path.of("target", "schemathesis")).toAbsolutePath();

        // open connections, so that GET and DELETE /v1/api/connections/{id} are reached with real ids too
        List<WsClient> connections = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            connections.add(connectReader("schemathesis-" + i));
        }
        Tools.Result result;
        try {
            result = run(st, reports);
        } finally {
            connections.forEach(WsClient::close);
        }
        Files.writeString(reports.resolve("output.txt"), result.output());

        Matcher operations =
                Pattern.compile("Operations:\\s+(\\d+) selected / (\\d+) total").matcher(result.output());
        assertThat(operations.find())
                .as("schemathesis read the document:%n%s", result.output())
                .isTrue();
        assertThat(operations.group(1)).isEqualTo(operations.group(2));
        assertThat(Integer.parseInt(operations.group(2))).isGreaterThanOrEqualTo(10);
        assertThat(result.output())
                .as("schemathesis tested every operation")
                .contains("Tested: " + operations.group(2));
        assertThat(result.exitCode())
                .as("schemathesis's findings (target/schemathesis/output.txt):%n%s", result.output())
                .isZero();
    }

    private Tools.Result run(Path st, Path reports) {
        return Tools.run(
                List.of(
                        st.toString(),
                        "run",
                        "http://127.0.0.1:" + port + "/v3/api-docs",
                        "--header",
                        "X-Api-Key: " + API_KEY,
                        "--checks",
                        CHECKS,
                        "--max-examples",
                        "25",
                        "--seed",
                        System.getProperty("herald.schemathesis.seed", "1"),
                        "--generation-database",
                        "none",
                        "--workers",
                        "2",
                        "--request-timeout",
                        "10",
                        "--no-color",
                        "--report",
                        "junit",
                        "--report-junit-path",
                        reports.resolve("junit.xml").toString()),
                reports,
                Duration.ofMinutes(5));
    }
}
