package dev.herald.testing;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs {@link RequiresChromium} tests when Chromium is found or CI requires it, skips them otherwise. */
class ChromiumCondition implements ExecutionCondition {

    private static final Logger log = LoggerFactory.getLogger(ChromiumCondition.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        ConditionEvaluationResult result = evaluate(Chromium.find(), "true".equalsIgnoreCase(System.getenv("CI")));
        if (result.isDisabled() && context.getTestMethod().isEmpty()) {
            // surefire counts a skipped test but does not print why: say it where the build output shows it
            log.warn(
                    "Skipping {}: {}",
                    context.getDisplayName(),
                    result.getReason().orElse(""));
        }
        return result;
    }

    static ConditionEvaluationResult evaluate(Optional<Path> chromium, boolean ci) {
        if (chromium.isPresent()) {
            return ConditionEvaluationResult.enabled("Chromium found at " + chromium.get());
        }
        if (ci) {
            return ConditionEvaluationResult.enabled("CI=true requires Chromium: the test runs and fails without it");
        }
        return ConditionEvaluationResult.disabled("browser test skipped, Chromium was not found: "
                + Chromium.INSTALL_HINT + " (with CI=true it is required and the test fails instead)");
    }
}
