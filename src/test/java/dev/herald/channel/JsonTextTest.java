package dev.herald.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "caf\u00e9", "\ud83d\ude00", "a\ud83d\ude00b\ud83d\ude00"})
    void wellFormedTextPasses(String text) {
        assertThat(JsonText.loneSurrogateAt(text)).isEqualTo(-1);
    }

    @Test
    void theFirstHalfOfAPairWithoutItsOtherHalfIsFoundWhereverItIs() {
        assertThat(JsonText.loneSurrogateAt("x\ud800y")).isEqualTo(1);
        assertThat(JsonText.loneSurrogateAt("ab\ud83d")).isEqualTo(2);
        assertThat(JsonText.loneSurrogateAt("\udc00")).isZero();
        assertThat(JsonText.loneSurrogateAt("\ude00\ud83d"))
                .as("a pair in the wrong order")
                .isZero();
        assertThat(JsonText.loneSurrogateAt("\ud83d\ude00\ude00")).isEqualTo(2);
    }

    @Test
    void refusedTextIsAnInvalidDataExceptionNamingTheFieldAndTheCharacter() {
        assertThatThrownBy(() -> JsonText.requireWellFormed("data", "\"x\ud800y\""))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageStartingWith("data: ")
                .hasMessageContaining("\\ud800", "character 2");
    }
}
