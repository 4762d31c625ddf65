package dev.herald.volume;

import dev.herald.auth.SecurityProperties;
import dev.herald.metrics.HeraldMetrics;
import dev.herald.token.TokenService;
import dev.herald.ws.HandshakeGuard;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/** Device ingest takes a token like {@code /v1/ws}, but never anonymously: the token must allow publishing. */
@Configuration(proxyBeanMethods = false)
class IngestConfig implements WebSocketConfigurer {

    private final IngestHandler handler;
    private final HandshakeGuard guard;
    private final SecurityProperties security;

    IngestConfig(IngestHandler handler, TokenService tokens, HeraldMetrics metrics, SecurityProperties security) {
        this.handler = handler;
        this.guard = new HandshakeGuard(tokens, metrics, security, false);
        this.security = security;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(handler, "/v1/ingest/*")
                .addInterceptors(guard)
                // Jakarta WebSocket sessions on every container, as on /v1/ws
                .setHandshakeHandler(new DefaultHandshakeHandler(new StandardWebSocketUpgradeStrategy()))
                .setAllowedOriginPatterns(security.allowedOrigins().toArray(String[]::new));
    }
}
