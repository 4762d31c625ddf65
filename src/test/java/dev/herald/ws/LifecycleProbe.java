package dev.herald.ws;

import dev.herald.testing.Api;
import java.util.UUID;
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

    /** A channel name no other test uses. */
    static String uniqueChannel(String prefix) {
        return prefix + "/" + UUID.randomUUID();
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
    boolean awaitClosingOnServer(String id, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            if (closingOnServer(id)) {
                return true;
            }
            Thread.sleep(20);
        }
        return closingOnServer(id);
    }

    /** Waits up to {@code millis} for the server to forget the connection; true when it did. */
    boolean awaitGone(String id, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (connection(id) != null) {
            if (System.currentTimeMillis() >= deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Waits up to {@code millis} for a counter to reach {@code atLeast}; returns its last value. */
    double awaitCounter(String name, String label, double atLeast, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        double value = counter(name, label);
        while (value < atLeast && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            value = counter(name, label);
        }
        return value;
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
