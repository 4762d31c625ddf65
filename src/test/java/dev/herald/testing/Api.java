package dev.herald.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client of Herald's REST API, as curl or Postman would be. */
public final class Api {

    /** Reads numbers as big decimals, so that tests see every digit the server sent. */
    public static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;
    private final String apiKey;
    private final boolean bearer;

    public Api(int port, String apiKey) {
        this(port, apiKey, false);
    }

    private Api(int port, String apiKey, boolean bearer) {
        this.port = port;
        this.apiKey = apiKey;
        this.bearer = bearer;
    }

    public Api withKey(String key) {
        return new Api(port, key, bearer);
    }

    /** Sends the key as {@code Authorization: Bearer}, the way Prometheus does, instead of {@code X-Api-Key}. */
    public Api asBearer() {
        return new Api(port, apiKey, true);
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    public Response post(String path, String json, String... headers) {
        HttpRequest.Builder request = request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (apiKey != null) {
            builder.header(bearer ? "Authorization" : "X-Api-Key", bearer ? "Bearer " + apiKey : apiKey);
        }
        return builder;
    }

    public String createToken(String user, List<String> subscribe, List<String> publish) {
        Response response = post(
                "/v1/api/createtoken",
                JSON.writeValueAsString(Map.of("UserName", user, "Subscribe", subscribe, "Publish", publish)));
        if (response.status() != 200) {
            throw new IllegalStateException("createtoken answered " + response);
        }
        return response.json().get("token").asString();
    }

    /** Publishes and returns the publish answer. */
    public JsonNode publish(String channel, Object data) {
        Response response = post("/v1/api/publish", JSON.writeValueAsString(Map.of("channel", channel, "data", data)));
        if (response.status() != 200) {
            throw new IllegalStateException("publish answered " + response);
        }
        return response.json();
    }

    public record Response(int status, Map<String, List<String>> headers, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }

        /** Asserts-friendly: the problem's {@code code} when the answer is problem+json. */
        public String problemCode() {
            return json().path("code").asString();
        }
    }
}
