package dev.herald.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ChannelPatternTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
        "alerts, alerts, true",
        "alerts, alerts2, false",
        "alerts, alert, false",
        "alerts, alerts/x, false",
        "volume/*, volume/cam-1, true",
        "volume/*, volume/a/b, false",
        "volume/*, volume/, false",
        "volume/*, volume, false",
        "volume/*, volumes/cam-1, false",
        "*, alerts, true",
        "*, a/b, false",
        "tenant-*/orders, tenant-a/orders, true",
        "tenant-*/orders, tenant-/orders, false",
        "tenant-*/orders, tenant-a/b/orders, false",
        "*/status, devices/status, true",
        "*/status, a/devices/status, false",
        "tenant-a/**, tenant-a/x, true",
        "tenant-a/**, tenant-a/x/y/z, true",
        "tenant-a/**, tenant-a, false",
        "tenant-a/**, tenant-a/, false",
        "tenant-a/**, tenant-ab/x, false",
        "tenant-a/**, other/tenant-a/x, false",
        "volume/*/**, volume/cam-1/left, true",
        "volume/*/**, volume/cam-1, false",
        "**, alerts, true",
        "**, a/b/c, true",
        "a.b, a.b, true",
        "a.b, axb, false",
        "a:b@c, a:b@c, true"
    })
    void aPatternMatchesTheChannelsTheContractSays(String pattern, String channel, boolean matches) {
        assertThat(ChannelPattern.of(pattern).matches(channel)).isEqualTo(matches);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alerts", "volume/*", "tenant-a/**", "**", "*", "a/*/b", "*-x", "Az09_-.:/@"})
    void validPatternsAreAccepted(String pattern) {
        assertThat(ChannelPattern.isValid(pattern)).isTrue();
        assertThat(ChannelPattern.of(pattern)).hasToString(pattern);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "has space",
                "a/**/b",
                "**/a",
                "a**",
                "a/***",
                "a/**x",
                "***",
                "caf\u00e9",
                "a#b",
                "a?b",
                "a\nb",
                "a+b"
            })
    void invalidPatternsAreRefused(String pattern) {
        assertThat(ChannelPattern.isValid(pattern)).isFalse();
        assertThatThrownBy(() -> ChannelPattern.of(pattern)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPatternIsAtMost200Characters() {
        assertThat(ChannelPattern.isValid("p".repeat(200))).isTrue();
        assertThat(ChannelPattern.isValid("p".repeat(201))).isFalse();
    }

    @Test
    void anyMatchesIsTrueWhenOneOfThePatternsMatches() {
        List<ChannelPattern> patterns = ChannelPattern.all(List.of("alerts", "volume/*"));

        assertThat(ChannelPattern.anyMatches(patterns, "volume/cam-1")).isTrue();
        assertThat(ChannelPattern.anyMatches(patterns, "alerts")).isTrue();
        assertThat(ChannelPattern.anyMatches(patterns, "chat/room")).isFalse();
        assertThat(ChannelPattern.anyMatches(List.of(), "alerts")).isFalse();
    }

    @Test
    void allRefusesAListWithOneInvalidPattern() {
        assertThatThrownBy(() -> ChannelPattern.all(List.of("alerts", "bad pattern")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
