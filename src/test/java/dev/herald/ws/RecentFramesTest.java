package dev.herald.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecentFramesTest {

    private static List<String> previews(RecentFrames recent) {
        return recent.snapshot().stream()
                .map(ConnectionView.RecentFrame::preview)
                .toList();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4, 5, 16, 17, 49, 50})
    void upToFiftyFramesAreAllKeptOldestFirst(int count) {
        RecentFrames recent = new RecentFrames();
        IntStream.range(0, count).forEach(i -> recent.record(i % 2 == 0, RecentFrames.Kind.text, i, "frame " + i));

        assertThat(previews(recent))
                .containsExactlyElementsOf(
                        IntStream.range(0, count).mapToObj(i -> "frame " + i).toList());
    }

    @Test
    void theTokenOfAConnectOrRefreshFrameIsNeverShown() {
        RecentFrames recent = new RecentFrames();
        recent.record(false, RecentFrames.Kind.text, 0, "{\"type\":\"connect\",\"token\":\"eyJ.secret.sig\",\"id\":1}");
        recent.record(false, RecentFrames.Kind.text, 0, "{\"type\":\"refresh\", \"token\" : \"a\\\"b.secret\"}");
        recent.record(false, RecentFrames.Kind.text, 0, "{\"type\":\"connect\",\"token\":\"eyJ.secret-unterminated");

        assertThat(previews(recent))
                .containsExactly(
                        "{\"type\":\"connect\",\"token\":\"[redacted]\",\"id\":1}",
                        "{\"type\":\"refresh\", \"token\" : \"[redacted]\"}",
                        "{\"type\":\"connect\",\"token\":\"[redacted]\"");
    }

    @Test
    void pastFiftyOnlyTheLastFiftyAreKept() {
        RecentFrames recent = new RecentFrames();
        IntStream.range(0, 123).forEach(i -> recent.record(true, RecentFrames.Kind.text, i, "frame " + i));

        assertThat(previews(recent))
                .containsExactlyElementsOf(
                        IntStream.range(73, 123).mapToObj(i -> "frame " + i).toList());
    }

    @Test
    void eachFrameKeepsItsDirectionKindAndSize() {
        RecentFrames recent = new RecentFrames();
        recent.record(false, RecentFrames.Kind.pong, 0, null);
        recent.record(true, RecentFrames.Kind.text, 7, "{\"a\":1}".getBytes());

        List<ConnectionView.RecentFrame> frames = recent.snapshot();
        assertThat(frames.get(0))
                .extracting("direction", "kind", "bytes", "preview")
                .containsExactly("in", "pong", 0, "");
        assertThat(frames.get(1))
                .extracting("direction", "kind", "bytes", "preview")
                .containsExactly("out", "text", 7, "{\"a\":1}");
    }
}
