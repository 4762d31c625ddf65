package dev.herald.testing;

import dev.herald.HeraldApplication;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One Herald node as its own application context on a random port of 127.0.0.1, on the Redis broker: start
 * several on one Redis and they are a cluster. Stopping one closes it the way SIGTERM does.
 */
public final class HeraldNode implements AutoCloseable {

    private final String id;
    private final ConfigurableApplicationContext context;
    private final int port;

    private HeraldNode(String id, ConfigurableApplicationContext context) {
        this.id = id;
        this.context = context;
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** Starts node {@code id} on the Redis at {@code redisPort}; {@code properties} (name=value) are added or replace defaults. */
    public static HeraldNode start(String id, int redisPort, String... properties) {
        List<String> all = new ArrayList<>(List.of(
                "server.port=0",
                "server.address=127.0.0.1",
                "spring.main.banner-mode=off",
                "herald.broker=redis",
                "spring.data.redis.host=127.0.0.1",
                "spring.data.redis.port=" + redisPort,
                "herald.node.id=" + id,
                "herald.security.api-keys=" + IntegrationTest.API_KEY,
                "herald.token.secret=" + IntegrationTest.SECRET,
                "logging.level.dev.herald=WARN",
                // simulated devices on every node would publish the same levels twice
                "herald.volume.simulator.enabled=false"));
        for (String property : properties) {
            String name = property.substring(0, property.indexOf('=') + 1);
            all.removeIf(defaultValue -> defaultValue.startsWith(name)); // a repeated argument would become a list
            all.add(property);
        }
        // as command-line arguments, which take precedence over application.yml (server.port: 8080 there)
        ConfigurableApplicationContext context = new SpringApplicationBuilder(HeraldApplication.class)
                .run(all.stream().map(p -> "--" + p).toArray(String[]::new));
        return new HeraldNode(id, context);
    }

    public String id() {
        return id;
    }

    public int port() {
        return port;
    }

    public Api api() {
        return new Api(port, IntegrationTest.API_KEY);
    }

    public WsClient connect(String token) {
        return WsClient.connect(port, token);
    }

    /** A connected client of {@code user} that may read everything and publish to {@code publish}, welcome consumed. */
    public WsClient connectClient(String user, String publish) {
        WsClient client = connect(api().createToken(user, List.of("**"), List.of(publish)));
        client.next("welcome");
        return client;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public boolean isRunning() {
        return context.isActive();
    }

    /** Stops the node as SIGTERM does: clients get 1001, the node leaves the node list. */
    @Override
    public void close() {
        if (context.isActive()) {
            context.close();
        }
    }
}
