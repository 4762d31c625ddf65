package dev.herald.volume;

import dev.herald.LimitsProperties;
import dev.herald.LogText;
import dev.herald.channel.BrokerUnavailableException;
import dev.herald.token.ConnectionGrant;
import dev.herald.ws.ConnectionRegistry;
import dev.herald.ws.HandshakeGuard;
import dev.herald.ws.IngestConnection;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Clock;
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
 * costs no buffer; one larger than {@code herald.limits.max-frame-size} is cut with 1009 as soon as its
 * parts pass the limit, and nothing more of it is read. A stream faster than twice real time is cut too, as
 * it would flood the channel. Each stream is listed and counted with the connections (kind {@code ingest}).
 */
@Component
class IngestHandler implements WebSocketHandler, SmartLifecycle {

    static final int MIN_RATE = 8000;
    static final int MAX_RATE = 48000;
    static final CloseStatus BAD_REQUEST = new CloseStatus(4400, "bad request");
    static final CloseStatus FORBIDDEN = new CloseStatus(4403, "forbidden");
    static final CloseStatus TOO_LARGE = new CloseStatus(1009, "frame too large");
    /** Seconds of audio a device may send ahead of real time, for buffers a device flushes on connect. */
    private static final int BURST_SECONDS = 5;

    private static final String STREAM = "herald.ingest";
    private static final String CONNECTION = "herald.ingest.connection";
    private static final Logger log = LoggerFactory.getLogger(IngestHandler.class);

    private final Devices devices;
    private final VolumeProperties properties;
    private final ConnectionRegistry registry;
    private final long maxFrameBytes;
    private final Clock clock;
    private final Set<IngestConnection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    IngestHandler(
            Devices devices,
            VolumeProperties properties,
            ConnectionRegistry registry,
            LimitsProperties limits,
            Clock clock) {
        this.devices = devices;
        this.clock = clock;
        this.properties = properties;
        this.registry = registry;
        this.maxFrameBytes = limits.maxFrameSize().toBytes();
    }

    /** One device's audio stream: its meter, its pace, its token's end and the frame it is receiving. */
    private static final class Stream {
        final String deviceId;
        final ConnectionGrant grant;
        final LevelMeter meter;
        final Bucket pace;
        /** Bytes of the binary frame in progress; frames arrive in parts, one at a time per connection. */
        long frameBytes;

        Stream(String deviceId, ConnectionGrant grant, LevelMeter meter, Bucket pace) {
            this.deviceId = deviceId;
            this.grant = grant;
            this.meter = meter;
            this.pace = pace;
        }
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        String path = session.getUri().getRawPath();
        String deviceId = path.substring(path.lastIndexOf('/') + 1);
        ConnectionGrant grant = HandshakeGuard.grant(session);
        IngestConnection connection = registry.openIngest(grant.user(), session);
        session.getAttributes().put(CONNECTION, connection);
        open.add(connection);
        MultiValueMap<String, String> query =
                UriComponentsBuilder.fromUri(session.getUri()).build().getQueryParams();
        String problem = queryProblem(deviceId, query);
        if (problem != null) {
            if (log.isDebugEnabled()) {
                log.debug(
                        "event=ingest.refused id={} deviceId={} reason={}",
                        connection.id(),
                        LogText.quoted(deviceId),
                        LogText.quoted(problem));
            }
            connection.close(BAD_REQUEST.withReason(problem), "bad_request", false);
            return;
        }
        if (!grant.mayPublish(DeviceId.channel(deviceId))) {
            if (log.isDebugEnabled()) {
                log.debug(
                        "event=ingest.refused id={} deviceId={} user={} reason=forbidden",
                        connection.id(),
                        deviceId,
                        LogText.quoted(grant.user()));
            }
            connection.close(
                    FORBIDDEN.withReason("the token may not publish to " + DeviceId.channel(deviceId)),
                    "forbidden",
                    false);
            return;
        }
        int rate = Integer.parseInt(query.getFirst("rate"));
        long bytesPerSecond = 2L * rate;
        Bucket pace = Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(BURST_SECONDS * bytesPerSecond)
                        .refillGreedy(2 * bytesPerSecond, Duration.ofSeconds(1))
                        .build())
                .build();
        session.getAttributes()
                .put(STREAM, new Stream(deviceId, grant, new LevelMeter(rate, properties.window()), pace));
        ((NativeWebSocketSession) session)
                .getNativeSession(jakarta.websocket.Session.class)
                .setMaxIdleTimeout(properties.ingestIdleTimeout().toMillis());
        if (log.isDebugEnabled()) {
            log.debug(
                    "event=ingest.connect id={} deviceId={} user={} rate={}",
                    connection.id(),
                    deviceId,
                    LogText.quoted(grant.user()),
                    rate);
        }
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
    public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) {
        Stream stream = (Stream) session.getAttributes().get(STREAM);
        IngestConnection connection = (IngestConnection) session.getAttributes().get(CONNECTION);
        if (stream == null || !session.isOpen()) {
            return;
        }
        if (message instanceof TextMessage) {
            connection.close(
                    CloseStatus.NOT_ACCEPTABLE.withReason("ingest takes binary frames of PCM audio"),
                    "protocol",
                    false);
        } else if (clock.millis() >= stream.grant.expiresAtMillis()) {
            connection.close(new CloseStatus(4001, "token expired"), "token_expired", false);
        } else if (message instanceof BinaryMessage binary) {
            stream.frameBytes += binary.getPayloadLength();
            if (stream.frameBytes > maxFrameBytes) {
                connection.close(TOO_LARGE, "too_large", true);
                return;
            }
            if (binary.isLast()) {
                connection.received((int) stream.frameBytes);
                stream.frameBytes = 0;
            }
            if (!stream.pace.tryConsume(Math.max(1, binary.getPayloadLength()))) {
                connection.close(
                        new CloseStatus(4029, "audio sent faster than twice real time"), "rate_limited", false);
                return;
            }
            long now = clock.millis();
            stream.meter.accept(binary.getPayload(), reading -> {
                try {
                    devices.record(stream.deviceId, "ingest", reading.rmsDb(), reading.peakDb(), now);
                } catch (BrokerUnavailableException e) {
                    // Redis is away (herald.broker=redis): levels are live values, so this one is dropped and
                    // the device stays connected
                }
            });
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        if (log.isDebugEnabled()) {
            log.debug("event=ingest.transport_error error={}", LogText.quoted(exception.toString()));
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        IngestConnection connection = (IngestConnection) session.getAttributes().get(CONNECTION);
        if (connection == null) {
            return;
        }
        open.remove(connection);
        String tag = registry.ingestClosed(connection, status);
        if (tag != null && log.isDebugEnabled()) {
            Stream stream = (Stream) session.getAttributes().get(STREAM);
            log.debug(
                    "event=ingest.close id={} deviceId={} code={} reason={} cause={}",
                    connection.id(),
                    stream == null ? null : stream.deviceId,
                    status.getCode(),
                    LogText.quoted(status.getReason()),
                    tag);
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
        for (IngestConnection connection : open) {
            connection.close(CloseStatus.GOING_AWAY.withReason("server shutting down"), "going_away", false);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
