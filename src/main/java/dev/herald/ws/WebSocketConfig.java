package dev.herald.ws;

import io.micrometer.observation.ObservationPredicate;
import jakarta.servlet.http.HttpServlet;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfig {

    /**
     * The container's read buffers of an assembled message part: text in chars, binary in bytes. A client's
     * subscribe or ping fits; larger frames arrive in parts that Herald assembles.
     */
    static final int MESSAGE_PART_BUFFER = 128;
    /** Where browsers and clients connect. */
    static final String CLIENT_PATH = "/v1/ws";

    private final HeraldWebSocketHandler handler;
    private final ClientHandshake handshake;

    WebSocketConfig(HeraldWebSocketHandler handler, ClientHandshake handshake) {
        this.handler = handler;
        this.handshake = handshake;
    }

    /**
     * {@code /v1/ws} upgrades go straight to Spring's handshake, by a servlet of their own: the dispatcher
     * servlet (its request context, handler lookup, adapter and request-handled event) was a tenth of a
     * handshake's CPU in a reconnect storm (JFR), for a request with one possible handler. The handshake
     * itself is Spring's as before: interceptors, upgrade checks, the standard upgrade.
     */
    @Bean
    ServletRegistrationBean<HttpServlet> clientUpgrades() {
        // the Jakarta WebSocket upgrade on every container (on Jetty, Spring would use Jetty's own API), so that
        // sessions are Jakarta WebSocket sessions everywhere and the ws package needs no other
        WebSocketHttpRequestHandler upgrades = new WebSocketHttpRequestHandler(
                handler, new DefaultHandshakeHandler(new SlimUpgradeStrategy(CLIENT_PATH)));
        upgrades.setHandshakeInterceptors(handshake.interceptors());
        ServletRegistrationBean<HttpServlet> registration =
                new ServletRegistrationBean<>(new UpgradeServlet(upgrades), false, CLIENT_PATH);
        registration.setName("herald-client-upgrades");
        registration.setLoadOnStartup(1);
        return registration;
    }

    /**
     * Upgrade requests are left out of HTTP observation ({@code http.server.requests}): each would cost a timer
     * lookup with its tags and a long task timer for a request whose answer is a 101 (or a refusal, which
     * {@code herald_handshakes_rejected_total} counts): about 6 % of a handshake's samples (JFR).
     */
    @Bean
    ObservationPredicate upgradesNotObserved() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && "websocket".equalsIgnoreCase(request.getCarrier().getHeader(HttpHeaders.UPGRADE)));
    }

    @Bean
    FilterRegistrationBean<UncompressedUpgradeFilter> uncompressedUpgrade() {
        FilterRegistrationBean<UncompressedUpgradeFilter> registration =
                new FilterRegistrationBean<>(new UncompressedUpgradeFilter());
        // device ingest (volume) as well: PCM hardly compresses, and inflating it would cost every frame
        registration.addUrlPatterns(CLIENT_PATH, "/v1/ingest/*");
        return registration;
    }

    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        // messages larger than this arrive in parts and are assembled up to herald.limits.max-frame-size,
        // so an idle connection does not pay for the limit
        container.setMaxTextMessageBufferSize(MESSAGE_PART_BUFFER);
        container.setMaxBinaryMessageBufferSize(MESSAGE_PART_BUFFER);
        container.setMaxSessionIdleTimeout(0L);
        return container;
    }
}
