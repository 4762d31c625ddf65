package dev.herald.ws;

import static org.awaitility.Awaitility.await;

import dev.herald.testing.Api;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;

/**
 * What the delivery and lifecycle tests ask the running server from outside: the admin API's view of a
 * connection and the Prometheus counters. Every wait is bounded.
 */
final class LifecycleProbe {

    private final Api api;

    LifecycleProbe(Api api) {
        this.api = api;
    }

    /** The admin API's view of one connection, or null when the server no longer knows it. */
    JsonNode connection(String id) {
        Api.Response response = api.get("/v1/api/connections/" + id);
        if (response.status() == 404) {
            return null;
        }
        if (response.status() != 200) {
            throw new AssertionError("GET /v1/api/connections/" + id + " answered " + response);
        }
        return response.json();
    }

    /** True once the server has decided to close the connection (it shows as closing, or is gone). */
    boolean closingOnServer(String id) {
        JsonNode view = connection(id);
        return view == null || "closing".equals(view.path("state").asString());
    }

    /** Waits up to {@code millis} for the server to decide to close the connection; true when it did. */
    boolean awaitClosingOnServer(String id, long millis) {
        return within(millis, () -> closingOnServer(id));
    }

    /** Waits up to {@code millis} for the server to forget the connection; true when it did. */
    boolean awaitGone(String id, long millis) {
        return within(millis, () -> connection(id) == null);
    }

    /** Waits up to {@code millis} for a counter to reach {@code atLeast}; returns its last value. */
    double awaitCounter(String name, String label, double atLeast, long millis) {
        within(millis, () -> counter(name, label) >= atLeast);
        return counter(name, label);
    }

    /** True once {@code condition} holds, false when it still does not after {@code millis}. */
    private static boolean within(long millis, Callable<Boolean> condition) {
        try {
            await().atMost(Duration.ofMillis(millis))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(20))
                    .until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /**
     * The sum of a Prometheus counter's samples whose labels contain {@code label} (e.g. reason="x"); an
     * empty label reads a counter without labels.
     */
    double counter(String name, String label) {
        Api.Response response = api.get("/actuator/prometheus");
        if (response.status() != 200) {
            throw new AssertionError("/actuator/prometheus answered " + response.status());
        }
        double sum = 0;
        for (String line : response.body().split("\n")) {
            if (line.startsWith(name + "{") && line.contains(label) || label.isEmpty() && line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
