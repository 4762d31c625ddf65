package dev.herald.channel;

import dev.herald.metrics.HeraldMetrics;
import org.springframework.stereotype.Service;

/** The one publish path of every source (REST, WebSocket, devices), so that all are counted alike. */
@Service
public class PublishService {

    private final Broker broker;
    private final HeraldMetrics metrics;

    PublishService(Broker broker, HeraldMetrics metrics) {
        this.broker = broker;
        this.metrics = metrics;
    }

    /** Publishes {@code data}, which must be valid JSON text, to a channel whose name is valid. */
    public Message publish(String channel, String data, String source) {
        Message message = broker.publish(channel, data);
        metrics.published(source);
        return message;
    }
}
