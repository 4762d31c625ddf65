package dev.herald;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void plainTextComesBackQuotedAndUnchanged() {
        assertThat(LogText.quoted("Mozilla/5.0 (X11; Linux x86_64)")).isEqualTo("\"Mozilla/5.0 (X11; Linux x86_64)\"");
    }

    @Test
    void nullIsAnEmptyQuotedValue() {
        assertThat(LogText.quoted(null)).isEqualTo("\"\"");
    }

    @Test
    void lineBreaksCannotStartAForgedLine() {
        assertThat(LogText.quoted("bye\r\nevent=ws.connect id=forged"))
                .isEqualTo("\"bye\\r\\nevent=ws.connect id=forged\"");
    }

    @Test
    void aQuoteCannotEndTheValueAndAddKeys() {
        assertThat(LogText.quoted("x\" user=admin \\")).isEqualTo("\"x\\\" user=admin \\\\\"");
    }

    @Test
    void nulAndOtherControlCharactersAreEscapedAsUnicode() {
        assertThat(LogText.quoted("a\u0000b\u001bc\u007fd\u0085e\t"))
                .isEqualTo("\"a\\u0000b\\u001bc\\u007fd\\u0085e\\t\"");
    }

    @Test
    void unicodeLineSeparatorsAndBidiOverridesAreEscaped() {
        assertThat(LogText.quoted("a\u2028b\u2029c\u202ed")).isEqualTo("\"a\\u2028b\\u2029c\\u202ed\"");
    }

    @Test
    void loneSurrogatesAreEscapedWhilePairsAndAccentsStay() {
        assertThat(LogText.quoted("é\uD83D\uDE00x\uD800y\uDC00")).isEqualTo("\"é\uD83D\uDE00x\\ud800y\\udc00\"");
    }

    @Test
    void longTextIsCutAndMarked() {
        String quoted = LogText.quoted("a".repeat(10_000));
        assertThat(quoted).hasSize(LogText.MAX_CHARS + 3).endsWith("a\u2026\"");
    }
}
