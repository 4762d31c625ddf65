package dev.herald.volume;

import dev.herald.channel.BrokerUnavailableException;
import dev.herald.token.ConnectionGrant;
import dev.herald.ws.HandshakeGuard;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code /v1/ingest/{deviceId}?rate=16000&format=s16le}: a device streams mono PCM as binary frames, and
 * every window of it becomes a level of the device. Frames are metered as they come, in parts, so a frame
 * of any size costs no buffer; a stream faster than twice real time is cut, as it would flood the channel.
 */
@Component
class IngestHandler implements WebSocketHandler, SmartLifecycle {

    static final int MIN_RATE = 8000;
    static final int MAX_RATE = 48000;
    static final CloseStatus BAD_REQUEST = new CloseStatus(4400, "bad request");
    static final CloseStatus FORBIDDEN = new CloseStatus(4403, "forbidden");
    /** Seconds of audio a device may send ahead of real time, for buffers a device flushes on connect. */
    private static final int BURST_SECONDS = 5;
    private static final String STREAM = "herald.ingest";
    private static final Logger log = LoggerFactory.getLogger(IngestHandler.class);

    private final Devices devices;
    private final VolumeProperties properties;
    private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    IngestHandler(Devices devices, VolumeProperties properties) {
        this.devices = devices;
        this.properties = properties;
    }

    /** One device's audio stream: its meter, its pace and its token's end. */
    private record Stream(String deviceId, ConnectionGrant grant, LevelMeter meter, Bucket pace) {
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws IOException {
        String path = session.getUri().getRawPath();
        String deviceId = path.substring(path.lastIndexOf('/') + 1);
        MultiValueMap<String, String> query = UriComponentsBuilder.fromUri(session.getUri()).build().getQueryParams();
        String problem = queryProblem(deviceId, query);
        if (problem != null) {
            log.info("event=ingest.refused deviceId=\"{}\" reason=\"{}\"", deviceId, problem);
            session.close(BAD_REQUEST.withReason(problem));
            return;
        }
        ConnectionGrant grant = HandshakeGuard.grant(session);
        if (!grant.mayPublish(DeviceId.channel(deviceId))) {
            log.info("event=ingest.refused deviceId={} user={} reason=forbidden", deviceId, grant.user());
            session.close(FORBIDDEN.withReason("the token may not publish to " + DeviceId.channel(deviceId)));
            return;
        }
        int rate = Integer.parseInt(query.getFirst("rate"));
        long bytesPerSecond = 2L * rate;
        Bucket pace = Bucket.builder().addLimit(Bandwidth.builder().capacity(BURST_SECONDS * bytesPerSecond)
                .refillGreedy(2 * bytesPerSecond, Duration.ofSeconds(1)).build()).build();
        session.getAttributes().put(STREAM,
                new Stream(deviceId, grant, new LevelMeter(rate, properties.window()), pace));
        ((NativeWebSocketSession) session).getNativeSession(jakarta.websocket.Session.class)
                .setMaxIdleTimeout(properties.ingestIdleTimeout().toMillis());
        sessions.add(session);
        log.info("event=ingest.connect deviceId={} user={} rate={}", deviceId, grant.user(), rate);
    }

    /** Why the path and query cannot be metered, or null when they can. */
    private static String queryProblem(String deviceId, MultiValueMap<String, String> query) {
        if (!DeviceId.isValid(deviceId)) {
            return DeviceId.RULE;
        }
        String format = query.getFirst("format");
        if (format != null && !format.equals("s16le")) {
            return "format must be s16le (mono, signed 16-bit little-endian)";
        }
        String rate = query.getFirst("rate");
        String rateRule = "rate must be a whole number of samples per second from " + MIN_RATE + " to " + MAX_RATE;
        if (rate == null || !rate.matches("\\d{4,5}")) {
            return rateRule;
        }
        int value = Integer.parseInt(rate);
        return value < MIN_RATE || value > MAX_RATE ? rateRule : null;
    }

    @Override
    public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws IOException {
        Stream stream = (Stream) session.getAttributes().get(STREAM);
        if (stream == null || !session.isOpen()) {
            return;
        }
        if (message instanceof TextMessage) {
            session.close(CloseStatus.NOT_ACCEPTABLE.withReason("ingest takes binary frames of PCM audio"));
        } else if (System.currentTimeMillis() >= stream.grant().expiresAtMillis()) {
            session.close(new CloseStatus(4001, "token expired"));
        } else if (message instanceof BinaryMessage binary) {
            if (!stream.pace().tryConsume(Math.max(1, binary.getPayloadLength()))) {
                session.close(new CloseStatus(4029, "audio sent faster than twice real time"));
                return;
            }
            long now = System.currentTimeMillis();
            stream.meter().accept(binary.getPayload(), reading -> {
                try {
                    devices.record(stream.deviceId(), "ingest", reading.rmsDb(), reading.peakDb(), now);
                } catch (BrokerUnavailableException e) {
                    // Redis is away (herald.broker=redis): levels are live values, so this one is dropped and
                    // the device stays connected
                }
            });
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        log.debug("event=ingest.transport_error error=\"{}\"", exception.toString());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        Stream stream = (Stream) session.getAttributes().get(STREAM);
        if (sessions.remove(session)) {
            log.info("event=ingest.close deviceId={} code={} reason=\"{}\"", stream.deviceId(), status.getCode(),
                    status.getReason() == null ? "" : status.getReason());
        }
    }

    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    public void start() {
        running = true;
    }

    /** Devices hear 1001, like browsers, when the server stops. */
    @Override
    public void stop() {
        running = false;
        for (WebSocketSession session : sessions) {
            try {
                session.close(CloseStatus.GOING_AWAY.withReason("server shutting down"));
            } catch (IOException | RuntimeException e) {
                // the device is gone already
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
