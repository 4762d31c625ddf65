package dev.herald.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

class ChromiumConditionTest {

    @Test
    void aBrowserTestRunsWhenChromiumIsFound() {
        assertThat(ChromiumCondition.evaluate(Optional.of(Path.of("/usr/bin/chromium")), false)
                        .isDisabled())
                .isFalse();
    }

    @Test
    void aBrowserTestIsSkippedWithInstallAdviceWhenChromiumIsMissingOutsideCi() {
        ConditionEvaluationResult result = ChromiumCondition.evaluate(Optional.empty(), false);

        assertThat(result.isDisabled()).isTrue();
        assertThat(result.getReason())
                .hasValueSatisfying(reason ->
                        assertThat(reason).contains("Chromium was not found", "apt-get install chromium", "CI=true"));
    }

    @Test
    void aBrowserTestRunsAndSoFailsWhenChromiumIsMissingOnCi() {
        assertThat(ChromiumCondition.evaluate(Optional.empty(), true).isDisabled())
                .isFalse();
    }
}
