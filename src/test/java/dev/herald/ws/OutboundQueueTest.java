package dev.herald.ws;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The outbound queue against a sender whose writes complete when the test says so, as a slow socket's would. */
class OutboundQueueTest {

    /** Records what is sent, one batch per write; each write stays in flight until {@link #complete()}. */
    private static final class ManualSender extends FrameSender {
        final List<String> sent = new ArrayList<>();
        final List<Integer> batches = new ArrayList<>();
        private final List<SendHandler> inFlight = new ArrayList<>();
        private final int batchLimit;

        ManualSender(int batchLimit) {
            this.batchLimit = batchLimit;
        }

        @Override
        int batchLimit() {
            return batchLimit;
        }

        @Override
        void send(Object[] frames, int count, SendHandler handler) {
            for (int i = 0; i < count; i++) {
                sent.add(frames[i] == OutboundQueue.PING ? "PING"
                        : new String((byte[]) frames[i], StandardCharsets.UTF_8));
            }
            batches.add(count);
            inFlight.add(handler);
        }

        @SuppressWarnings("deprecation")
        void complete() {
            inFlight.remove(0).onResult(new SendResult());
        }
    }

    private ManualSender sender = new ManualSender(1);
    private final List<Object> written = new ArrayList<>();
    private OutboundQueue queue = queueOver(sender);

    private OutboundQueue queueOver(FrameSender sender) {
        return new OutboundQueue(sender, Runnable::run, 1 << 20, new OutboundQueue.Listener() {
            @Override
            public void written(Object item, int bytes) {
                written.add(item);
            }

            @Override
            public void failed(Throwable cause) {
                throw new AssertionError(cause);
            }
        });
    }

    private void offer(String frame) {
        byte[] utf8 = frame.getBytes(StandardCharsets.UTF_8);
        queue.offer(utf8, utf8.length, false);
    }

    @Test
    void framesLeaveOneAtATimeInTheOrderTheyWereQueued() {
        offer("a");
        offer("b");
        offer("c");
        assertThat(sender.sent).containsExactly("a");

        sender.complete();
        sender.complete();
        sender.complete();

        assertThat(sender.sent).containsExactly("a", "b", "c");
        assertThat(queue.queuedBytes()).isZero();
    }

    @Test
    void aPingGoesAheadOfFramesWaitingBehindASlowWrite() {
        offer("a");
        offer("b");
        offer("c");

        queue.offerPing();
        assertThat(sender.sent).as("nothing overtakes the write in flight").containsExactly("a");
        sender.complete();

        assertThat(sender.sent).containsExactly("a", "PING");
        sender.complete();
        sender.complete();
        sender.complete();
        assertThat(sender.sent).containsExactly("a", "PING", "b", "c");
        assertThat(written).contains(OutboundQueue.PING);
    }

    @Test
    void aPingOnAnIdleConnectionIsSentAtOnce() {
        queue.offerPing();

        assertThat(sender.sent).containsExactly("PING");
        sender.complete();
        offer("a");
        assertThat(sender.sent).containsExactly("PING", "a");
    }

    @Test
    void aClosedQueueSendsNoMore() {
        offer("a");
        offer("b");

        assertThat(queue.close()).isZero();
        queue.offerPing();
        sender.complete();

        assertThat(sender.sent).containsExactly("a");
    }

    @Test
    void framesQueuedBehindAWriteLeaveTogetherInOneBatch() {
        sender = new ManualSender(64);
        queue = queueOver(sender);
        offer("a");
        offer("b");
        offer("c");
        queue.offerPing();
        offer("d");

        sender.complete();

        assertThat(sender.sent).containsExactly("a", "PING", "b", "c", "d");
        assertThat(sender.batches).containsExactly(1, 4);
        sender.complete();
        assertThat(written).hasSize(5);
        assertThat(queue.queuedBytes()).isZero();
    }

    @Test
    void aBatchStopsAtTheSendersLimit() {
        sender = new ManualSender(2);
        queue = queueOver(sender);
        for (String frame : List.of("a", "b", "c", "d", "e")) {
            offer(frame);
        }

        sender.complete();
        sender.complete();

        assertThat(sender.batches).containsExactly(1, 2, 2);
        assertThat(sender.sent).containsExactly("a", "b", "c", "d", "e");
    }
}
