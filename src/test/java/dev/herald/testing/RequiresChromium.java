package dev.herald.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that drives a real Chromium. It runs when Chromium is found ({@link Chromium#find()}); otherwise it
 * is skipped with a message saying how to install it, so {@code ./mvnw verify} passes on a machine with only
 * a JDK and Node. With {@code CI=true} Chromium is required: the test runs and fails when it is missing,
 * the way Testcontainers treats Docker.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ChromiumCondition.class)
public @interface RequiresChromium {}
