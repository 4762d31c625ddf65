package dev.herald.ws;

import dev.herald.channel.Message;
import dev.herald.metrics.HeraldMetrics;
import dev.herald.token.ConnectionGrant;
import dev.herald.transport.OutboundFrame;
import dev.herald.transport.OutboundQueue;
import io.github.bucket4j.Bucket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.function.BiConsumer;
import org.springframework.web.socket.WebSocketSession;

/**
 * One open WebSocket: who it is, what it reads, its outbound queue, its keepalive state and its counters.
 * Inbound frames of one connection arrive one at a time; outbound frames leave through {@link OutboundQueue}.
 * Its subscriptions change only through its methods, which keep {@code herald_subscriptions_active} right.
 */
final class Connection {

    // field updaters rather than AtomicLong and AtomicBoolean objects: about 110 bytes less per idle connection
    private static final AtomicIntegerFieldUpdater<Connection> CLOSING =
            AtomicIntegerFieldUpdater.newUpdater(Connection.class, "closing");
    private static final AtomicLongFieldUpdater<Connection> MESSAGES_IN =
            AtomicLongFieldUpdater.newUpdater(Connection.class, "messagesIn");
    private static final AtomicLongFieldUpdater<Connection> BYTES_IN =
            AtomicLongFieldUpdater.newUpdater(Connection.class, "bytesIn");
    private static final AtomicLongFieldUpdater<Connection> MESSAGES_OUT =
            AtomicLongFieldUpdater.newUpdater(Connection.class, "messagesOut");
    private static final AtomicLongFieldUpdater<Connection> BYTES_OUT =
            AtomicLongFieldUpdater.newUpdater(Connection.class, "bytesOut");

    final String id;
    /** Replaced by a {@code connect} or {@code refresh} frame, read by any thread. */
    volatile ConnectionGrant grant;

    final WebSocketSession session;
    final String remoteAddress;
    final String userAgent;
    final String uri;
    final long connectedAt = System.currentTimeMillis();
    final RecentFrames recent = new RecentFrames();

    /** Sized for the one to three channels most connections read; it grows for more. */
    private final Map<String, ChannelSubscriber> subscriptions = new ConcurrentHashMap<>(2);

    private final HeraldMetrics metrics;
    private final Bucket rate;
    /** 1 once closing; updated through {@link #CLOSING}, so that an idle connection holds no atomic objects. */
    private volatile int closing;

    private volatile String closeTag;
    private OutboundQueue outbound;

    private volatile long messagesIn;
    private volatile long bytesIn;
    private volatile long messagesOut;
    private volatile long bytesOut;

    private long pingsDueAt;
    /** Whether a {@code connect} frame may still bring a token: the upgrade came without one. */
    private volatile boolean mayConnect;
    /** When a connection with no token is closed with 4401 unless it sent one, 0 when none is awaited. */
    private volatile long connectDueAt;

    private volatile long pingSentAt;
    private volatile long lastPongAt;
    private volatile long rttMs = -1;
    private StringBuilder partialText;
    private int partialBytes;

    Connection(
            String id,
            ConnectionGrant grant,
            WebSocketSession session,
            String remoteAddress,
            String userAgent,
            String uri,
            Bucket rate,
            long firstPingAt,
            HeraldMetrics metrics) {
        this.id = id;
        this.grant = grant;
        this.session = session;
        this.remoteAddress = remoteAddress;
        this.userAgent = userAgent;
        this.uri = uri;
        this.rate = rate;
        this.pingsDueAt = firstPingAt;
        this.metrics = metrics;
    }

    boolean isSubscribed(String channel) {
        return subscriptions.containsKey(channel);
    }

    int subscriptionCount() {
        return subscriptions.size();
    }

    /** Records a subscription; false, changing nothing, when the channel has one already. */
    boolean addSubscription(String channel, ChannelSubscriber subscriber) {
        if (subscriptions.putIfAbsent(channel, subscriber) != null) {
            return false;
        }
        metrics.subscriptionsChanged(1);
        return true;
    }

    /** Forgets the channel's subscription; returns it, or null when there was none. */
    ChannelSubscriber removeSubscription(String channel) {
        ChannelSubscriber removed = subscriptions.remove(channel);
        if (removed != null) {
            metrics.subscriptionsChanged(-1);
        }
        return removed;
    }

    /** Forgets {@code subscriber} if it is still the channel's subscription; true when it was. */
    boolean removeSubscription(String channel, ChannelSubscriber subscriber) {
        if (!subscriptions.remove(channel, subscriber)) {
            return false;
        }
        metrics.subscriptionsChanged(-1);
        return true;
    }

    /**
     * Forgets every subscription, handing each to {@code removed} exactly once, even when a protocol thread and
     * a closer get here at the same time.
     */
    void removeAllSubscriptions(BiConsumer<String, ChannelSubscriber> removed) {
        subscriptions.forEach((channel, subscriber) -> {
            if (removeSubscription(channel, subscriber)) {
                removed.accept(channel, subscriber);
            }
        });
    }

    /** The subscribed channels, sorted. */
    List<String> subscribedChannels() {
        return subscriptions.keySet().stream().sorted().toList();
    }

    /** A connection opened with no token: it may send one in a {@code connect} frame, by {@code dueAt} if set. */
    void awaitConnect(long dueAtNanos) {
        mayConnect = true;
        connectDueAt = dueAtNanos;
    }

    boolean mayConnect() {
        return mayConnect;
    }

    /** Called by the keepalive scheduler: true when the awaited {@code connect} frame is late. */
    boolean connectOverdue(long nowNanos) {
        long due = connectDueAt;
        return due != 0 && mayConnect && nowNanos - due >= 0;
    }

    /** The {@code connect} frame's token was accepted: the connection now acts for its user. */
    void connected(ConnectionGrant tokenGrant) {
        grant = tokenGrant;
        mayConnect = false;
        connectDueAt = 0;
    }

    void attach(OutboundQueue outbound) {
        this.outbound = outbound;
    }

    OutboundQueue outbound() {
        return outbound;
    }

    /** Queues a reply or notice; these are never refused for size. */
    void send(String frame) {
        outbound.offer(new OutboundFrame.Text(frame.getBytes(StandardCharsets.UTF_8)), true);
    }

    /** Queues a live message; false when the queue is over its limit (the caller cuts the connection). */
    boolean deliver(Message message) {
        return outbound.offer(message, false);
    }

    /** Queues a conflated subscription's place, which is never refused (it holds one message at most). */
    void deliverNewest(OutboundFrame.Newest place) {
        outbound.offer(place, true);
    }

    /** Queues a retained message for a subscriber that recovers; never refused (the replay is bounded by history). */
    void replay(Message message) {
        outbound.offer(new ReplayedMessage(message), true);
    }

    /** Marks the connection closing; true only for the first caller, who then carries the close out. */
    boolean startClosing(String tag) {
        if (!CLOSING.compareAndSet(this, 0, 1)) {
            return false;
        }
        closeTag = tag;
        return true;
    }

    boolean isClosing() {
        return closing != 0;
    }

    String closeTag() {
        return closeTag;
    }

    boolean tryTakeInboundToken() {
        return rate.tryConsume(1);
    }

    /**
     * Adds a part of a text message; returns the whole message when {@code last}, null while parts are
     * pending, and throws when the message passes {@code limit} bytes.
     */
    String appendText(String part, boolean last, long limit) throws FrameTooLargeException {
        int bytes = Utf8.length(part);
        if (partialText == null && last) {
            if (bytes > limit) {
                throw new FrameTooLargeException();
            }
            return part;
        }
        partialBytes += bytes;
        if (partialBytes > limit) {
            partialText = null;
            partialBytes = 0;
            throw new FrameTooLargeException();
        }
        if (partialText == null) {
            partialText = new StringBuilder(part.length() * 2);
        }
        partialText.append(part);
        if (!last) {
            return null;
        }
        String whole = partialText.toString();
        partialText = null;
        partialBytes = 0;
        return whole;
    }

    void countIn(int bytes) {
        MESSAGES_IN.incrementAndGet(this);
        BYTES_IN.addAndGet(this, bytes);
    }

    void countOut(int bytes) {
        MESSAGES_OUT.incrementAndGet(this);
        BYTES_OUT.addAndGet(this, bytes);
    }

    /** Called by the keepalive scheduler only. */
    boolean pingDue(long nowNanos) {
        return pingSentAt == 0 && nowNanos - pingsDueAt >= 0;
    }

    void pingQueued(long nowNanos, long intervalNanos) {
        pingSentAt = nowNanos;
        pingsDueAt = nowNanos + intervalNanos;
    }

    /** Nanoseconds the outstanding Ping has waited for its Pong, 0 when none is outstanding. */
    long pongWaitNanos(long nowNanos) {
        long sent = pingSentAt;
        return sent == 0 ? 0 : nowNanos - sent;
    }

    /** Returns the round trip in nanoseconds, or -1 for an unsolicited Pong. */
    long pongReceived() {
        long sent = pingSentAt;
        lastPongAt = System.currentTimeMillis();
        if (sent == 0) {
            return -1;
        }
        long rtt = System.nanoTime() - sent;
        rttMs = rtt / 1_000_000;
        pingSentAt = 0;
        return rtt;
    }

    ConnectionView view(String node, boolean withRecent) {
        return new ConnectionView(
                id,
                grant.user(),
                node,
                remoteAddress,
                userAgent,
                uri,
                HeraldMetrics.CLIENT,
                isClosing() ? "closing" : "open",
                connectedAt,
                lastPongAt == 0 ? null : lastPongAt,
                rttMs < 0 ? null : rttMs,
                messagesIn,
                messagesOut,
                bytesIn,
                bytesOut,
                subscribedChannels(),
                withRecent ? recent.snapshot() : null);
    }

    static final class FrameTooLargeException extends Exception {
        FrameTooLargeException() {
            super(null, null, false, false);
        }
    }
}
