package dev.herald.ws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class FramesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {"u", "quote\"back\\slash", "line\nbreak\ttab\u0001", "\u00e9l\u00e8ve \ud83d\ude00", "</script>"
            })
    void theWelcomeWrittenAsTextIsTheJsonObjectOfItsFieldsWhateverTheUserIsCalled(String user) {
        JsonNode id = Frames.json().readTree("{\"n\":[1.50,\"x\"]}");

        JsonNode plain = Frames.json().readTree(Frames.welcome("c-1", user, "node \"a\"", 25_000, 10_000));
        JsonNode reply = Frames.json().readTree(Frames.welcome(id, "c-2", user, "n", 1, 2));

        assertThat(plain.propertyNames())
                .containsExactly("type", "connectionId", "user", "node", "pingIntervalMs", "pongTimeoutMs");
        assertThat(plain.get("type").asString()).isEqualTo("welcome");
        assertThat(plain.get("connectionId").asString()).isEqualTo("c-1");
        assertThat(plain.get("user").asString()).isEqualTo(user);
        assertThat(plain.get("node").asString()).isEqualTo("node \"a\"");
        assertThat(plain.get("pingIntervalMs").asLong()).isEqualTo(25_000);
        assertThat(plain.get("pongTimeoutMs").asLong()).isEqualTo(10_000);
        assertThat(reply.propertyNames())
                .containsExactly("type", "id", "connectionId", "user", "node", "pingIntervalMs", "pongTimeoutMs");
        assertThat(reply.get("id")).isEqualTo(id);
        assertThat(reply.get("user").asString()).isEqualTo(user);
    }
}
