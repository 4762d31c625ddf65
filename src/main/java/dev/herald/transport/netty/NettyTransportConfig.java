package dev.herald.transport.netty;

import dev.herald.LimitsProperties;
import dev.herald.transport.AdoptedSockets;
import dev.herald.transport.DirectUpgrades;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event-loop transport, on when {@code herald.transport.event-loop} is: a container that can hand its
 * upgraded sockets over (Tomcat's NIO connector, without TLS) does, and its own WebSocket session serves the
 * rest.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder")
@ConditionalOnProperty(name = "herald.transport.event-loop", havingValue = "true", matchIfMissing = true)
class NettyTransportConfig {

    @Bean
    AdoptedSockets nettySockets(LimitsProperties limits, DirectUpgrades upgrades) {
        return new NettySockets(
                upgrades,
                Runtime.getRuntime().availableProcessors(),
                (int) Math.min(Integer.MAX_VALUE, limits.maxFrameSize().toBytes()),
                limits.sendTime().toMillis());
    }
}
