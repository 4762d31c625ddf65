package dev.herald.transport.netty;

import dev.herald.LimitsProperties;
import dev.herald.transport.AdoptedSockets;
import dev.herald.transport.DirectUpgrades;
import dev.herald.transport.HandlerCalls;
import dev.herald.transport.TransportProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event-loop transport ({@link NettySockets}), on unless {@code herald.transport.event-loop} or
 * {@code herald.transport.direct-upgrade} is off (with direct upgrades off every upgrade is Spring's, on the
 * container's sessions), and only where a container hands sockets over: Tomcat's NIO connector without TLS.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(
        name = {
            "io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder",
            "org.apache.tomcat.util.net.NioEndpoint"
        })
@ConditionalOnProperty(
        prefix = "herald.transport",
        name = {"event-loop", "direct-upgrade"},
        havingValue = "true",
        matchIfMissing = true)
class NettyTransportConfig {

    @Bean
    AdoptedSockets nettySockets(
            LimitsProperties limits,
            TransportProperties transport,
            DirectUpgrades upgrades,
            ObjectProvider<HandlerCalls> handlerCalls) {
        boolean handlersMayWait = handlerCalls.getIfAvailable(() -> HandlerCalls.MAY_WAIT) == HandlerCalls.MAY_WAIT;
        return new NettySockets(
                upgrades,
                Runtime.getRuntime().availableProcessors(),
                (int) Math.min(Integer.MAX_VALUE, limits.maxFrameSize().toBytes()),
                limits.sendTime().toMillis(),
                handlersMayWait,
                transport.writeWindow().toNanos());
    }
}
