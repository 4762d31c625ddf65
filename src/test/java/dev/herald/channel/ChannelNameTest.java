package dev.herald.channel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ChannelNameTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "alerts",
                "volume/cam-1",
                "a",
                "ABCxyz0189",
                "under_score",
                "dot.ted",
                "co:lon",
                "user@host",
                "/leading/slash",
                "trailing/",
                "a//b"
            })
    void namesOfTheAllowedCharactersAreValid(String name) {
        assertThat(ChannelName.isValid(name)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "has space",
                "star*",
                "volume/*",
                "**",
                "caf\u00e9",
                "tab\t",
                "new\nline",
                "hash#",
                "q?",
                "per%cent",
                "plus+",
                "comma,",
                "quote\"",
                "back\\slash",
                "emoji\uD83D\uDE00"
            })
    void namesWithOtherCharactersAreInvalid(String name) {
        assertThat(ChannelName.isValid(name)).isFalse();
    }

    @Test
    void aNameIs1To200Characters() {
        assertThat(ChannelName.isValid("n")).isTrue();
        assertThat(ChannelName.isValid("n".repeat(200))).isTrue();
        assertThat(ChannelName.isValid("n".repeat(201))).isFalse();
    }

    @Test
    void aTrailingNewlineDoesNotSlipThrough() {
        assertThat(ChannelName.isValid("alerts\n")).isFalse();
    }
}
