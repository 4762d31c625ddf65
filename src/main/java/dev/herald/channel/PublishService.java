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

    /**
     * Publishes {@code data}, which must be valid JSON text, to a channel whose name is valid.
     *
     * @throws InvalidDataException when the text is not well-formed Unicode (a lone surrogate)
     */
    public Message publish(String channel, String data, String source) {
        JsonText.requireWellFormed("data", data);
        Message message = broker.publish(channel, data);
        metrics.published(source);
        return message;
    }

    /** Publishes once per Idempotency-Key (see {@link Broker#publishOnce}); a replayed answer is not counted. */
    IdempotentAnswer publishOnce(String channel, String data, String key, String fingerprint, String source) {
        JsonText.requireWellFormed("data", data);
        IdempotentAnswer answer = broker.publishOnce(channel, data, key, fingerprint);
        if (!answer.replayed()) {
            metrics.published(source);
        }
        return answer;
    }
}
