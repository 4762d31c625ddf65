package dev.herald.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.herald.testing.IntegrationTest;
import dev.herald.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's tour works when pasted: its shell blocks run in bash, as written, against the running app
 * (only the address and the API key are this test's), and each step answers what the tour says it does.
 */
class ReadmeTourTest extends IntegrationTest {

    private static final Pattern BASH_BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);

    @Test
    void theTourRunsAsWrittenAndEachStepAnswersWhatItSays() throws Exception {
        assumeTrue(
                Tools.onPath("bash").isPresent()
                        && Tools.onPath("curl").isPresent()
                        && Tools.onPath("node").isPresent(),
                "the tour needs bash, curl and node");
        List<String> blocks = tourBlocks();
        String script = String.join("\n", blocks)
                .replace("KEY=my-dev-key", "KEY=" + API_KEY)
                .replace("localhost:8080", "127.0.0.1:" + port);
        Path dir = Files.createDirectories(Path.of("target", "readme-tour")).toAbsolutePath();
        Files.writeString(dir.resolve("tour.sh"), script);

        Tools.Result result =
                Tools.run(List.of("bash", "-e", dir.resolve("tour.sh").toString()), dir, Duration.ofMinutes(1));
        Files.writeString(dir.resolve("output.txt"), result.output());
        String out = result.output();

        assertThat(result.exitCode())
                .as("the tour (target/readme-tour/output.txt):%n%s", out)
                .isZero();
        assertThat(out)
                .as("step 1: a token for keda")
                .containsPattern(
                        "\\{\"token\":\"[^\"]+\\.[^\"]+\\.[^\"]+\",\"userName\":\"keda\",\"requestId\":\"1614738418531\"");
        assertThat(out)
                .as("step 3: published")
                .containsPattern("\\{\"id\":\"[^\"]+\",\"channel\":\"alerts\",\"offset\":\\d+");
        assertThat(out).as("step 4: retained").contains("\"data\":{\"text\":\"hello\"}");
        int listed = indexOf(out, "\\{\"connections\":\\[\\{\"id\":\"[^\"]+\",\"user\":\"keda\"");
        int shown = indexOf(out, "\"recent\":\\[\\{");
        int closed = indexOf(out, "(?m)^closed 4100 bye$");
        assertThat(listed).as("step 5 lists keda's open connection:%n%s", out).isNotNegative();
        assertThat(shown)
                .as("step 5 shows the connection with its recent frames")
                .isGreaterThan(listed);
        assertThat(closed).as("step 5 closes it with the code and reason given").isGreaterThan(shown);
        assertThat(out)
                .as("the client got the message published in step 3")
                .containsPattern(
                        "\\{\"type\":\"message\",\"channel\":\"alerts\",\"offset\":\\d+,\"id\":\"[^\"]+\",\"ts\":\\d+,\"data\":\\{\"text\":\"hello\"\\}\\}");
        assertThat(out).doesNotContain("\"status\":4", "\"status\":5", "undefined");
    }

    @Test
    void theTourHasNoPlaceholderThatBreaksWhenPasted() throws Exception {
        for (String block : tourBlocks()) {
            for (String line : block.split("\n")) {
                String command = line.replaceFirst("\\s+#.*$", "").trim();
                if (!command.startsWith("#")) {
                    assertThat(command).as("a pasted line").doesNotContainPattern("<[a-z-]+>");
                }
            }
        }
    }

    /** The shell blocks of the README's tour section, up to the next section. */
    private static List<String> tourBlocks() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("## A five-minute tour");
        assertThat(start).as("the tour section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        Matcher blocks = BASH_BLOCK.matcher(readme.substring(start, end < 0 ? readme.length() : end));
        List<String> found = new ArrayList<>();
        while (blocks.find()) {
            found.add(blocks.group(1));
        }
        assertThat(found).as("shell blocks of the tour").isNotEmpty();
        return found;
    }

    private static int indexOf(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        return matcher.find() ? matcher.start() : -1;
    }
}
