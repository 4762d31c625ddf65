package dev.herald.ws;

import dev.herald.auth.SecurityProperties;
import dev.herald.metrics.HeraldMetrics;
import dev.herald.token.TokenService;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfig implements WebSocketConfigurer {

    private final HeraldWebSocketHandler handler;
    private final TokenService tokens;
    private final HeraldMetrics metrics;
    private final SecurityProperties security;

    WebSocketConfig(HeraldWebSocketHandler handler, TokenService tokens, HeraldMetrics metrics,
            SecurityProperties security) {
        this.handler = handler;
        this.tokens = tokens;
        this.metrics = metrics;
        this.security = security;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(handler, "/v1/ws")
                // the Jakarta WebSocket upgrade on every container (on Jetty, Spring would use Jetty's own API),
                // so that sessions are Jakarta WebSocket sessions everywhere and the ws package needs no other
                .setHandshakeHandler(new DefaultHandshakeHandler(new StandardWebSocketUpgradeStrategy()))
                .addInterceptors(new HandshakeGuard(tokens, metrics, security, true))
                .setAllowedOriginPatterns(security.allowedOrigins().toArray(String[]::new));
    }

    @Bean
    FilterRegistrationBean<UncompressedUpgradeFilter> uncompressedUpgrade() {
        FilterRegistrationBean<UncompressedUpgradeFilter> registration =
                new FilterRegistrationBean<>(new UncompressedUpgradeFilter());
        // device ingest (volume) as well: PCM hardly compresses, and inflating it would cost every frame
        registration.addUrlPatterns("/v1/ws", "/v1/ingest/*");
        return registration;
    }

    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        // messages larger than this arrive in parts and are assembled up to herald.limits.max-frame-size,
        // so an idle connection does not pay for the limit
        container.setMaxTextMessageBufferSize(ContainerBuffers.MESSAGE_PART_BUFFER);
        container.setMaxBinaryMessageBufferSize(ContainerBuffers.MESSAGE_PART_BUFFER);
        container.setMaxSessionIdleTimeout(0L);
        return container;
    }
}
