package dev.herald.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The outbound queue against a writer whose writes complete when the test says so, as a slow socket's would. */
class OutboundQueueTest {

    /** Records what is written, one batch per write; each write stays in flight until {@link #complete()}. */
    private static final class ManualWriter implements FrameWriter {
        // written by the write window's timer thread in some tests
        final List<String> sent = new CopyOnWriteArrayList<>();
        final List<Integer> batches = new CopyOnWriteArrayList<>();
        private final List<SendHandler> inFlight = new CopyOnWriteArrayList<>();
        private final int batchLimit;

        ManualWriter(int batchLimit) {
            this.batchLimit = batchLimit;
        }

        @Override
        public int batchLimit() {
            return batchLimit;
        }

        @Override
        public void write(OutboundFrame[] frames, int count, SendHandler done) {
            for (int i = 0; i < count; i++) {
                OutboundFrame frame = frames[i];
                if (frame instanceof OutboundFrame.Ping) {
                    sent.add("PING");
                } else if (frame instanceof OutboundFrame.Text text) {
                    sent.add(new String(text.utf8(), StandardCharsets.UTF_8));
                } else if (frame instanceof OutboundFrame.Shared shared) {
                    sent.add("shared:" + new String(shared.frame(), StandardCharsets.UTF_8));
                } else {
                    throw new AssertionError("a writer is never handed " + frame);
                }
            }
            batches.add(count);
            inFlight.add(done);
        }

        @SuppressWarnings("deprecation")
        void complete() {
            inFlight.remove(0).onResult(new SendResult());
        }
    }

    /** A message frame as the channel feature makes it: encoded once, shared by every subscriber. */
    private record SharedText(String text) implements OutboundFrame.Shared {
        @Override
        public byte[] frame() {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    private ManualWriter writer = new ManualWriter(1);
    private final List<OutboundFrame> written = new ArrayList<>();
    private final List<long[]> writtenAt = new ArrayList<>();
    private OutboundQueue queue = queueOver(writer, 1 << 20);

    private OutboundQueue queueOver(FrameWriter writer, long limitBytes) {
        return queueOver(writer, limitBytes, new DrainLoop(Runnable::run, 1));
    }

    private OutboundQueue queueOver(FrameWriter writer, long limitBytes, DrainLoop drains) {
        return new OutboundQueue(writer, drains, limitBytes, new OutboundQueue.Listener() {
            @Override
            public void written(OutboundFrame frame, int bytes, long atNanos, long atMillis) {
                written.add(frame);
                writtenAt.add(new long[] {atNanos, atMillis});
            }

            @Override
            public void failed(Throwable cause) {
                throw new AssertionError(cause);
            }
        });
    }

    /** Lets the write window's waiting drains go, in the tests that have a window. */
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    /** A queue over {@link #writer} whose drains wait for a write window of {@code window}. */
    private OutboundQueue queueWithWindow(Duration window) {
        return queueOver(writer, 1 << 20, new DrainLoop(Runnable::run, 1, timer, window.toNanos()));
    }

    private boolean offer(String frame) {
        return queue.offer(new OutboundFrame.Text(frame.getBytes(StandardCharsets.UTF_8)), false);
    }

    @Test
    void theFramesOfOneWriteAreReportedWrittenAtTheTimeThatWriteCompleted() {
        writer = new ManualWriter(16);
        queue = queueOver(writer, 1 << 20);
        queue.offer(new SharedText("a"), false);
        queue.offer(new SharedText("b"), false);
        queue.offer(new SharedText("c"), false);
        writer.complete();
        assertThat(writer.batches).containsExactly(1, 2);

        long beforeNanos = System.nanoTime();
        long beforeMillis = System.currentTimeMillis();
        writer.complete();
        long afterNanos = System.nanoTime();
        long afterMillis = System.currentTimeMillis();

        assertThat(written).hasSize(3);
        long[] b = writtenAt.get(1);
        long[] c = writtenAt.get(2);
        assertThat(c).as("one time for the whole write").containsExactly(b);
        assertThat(b[0]).isBetween(beforeNanos, afterNanos);
        assertThat(b[1]).isBetween(beforeMillis, afterMillis);
    }

    @Test
    void messagesQueuedWithinTheWriteWindowAfterAWriteLeaveTogetherInOneWriteWhenItEnds() {
        writer = new ManualWriter(16);
        queue = queueWithWindow(Duration.ofMillis(300));
        queue.offer(new SharedText("a"), false);
        assertThat(writer.sent).as("the first message, at once").containsExactly("shared:a");
        writer.complete();

        queue.offer(new SharedText("b"), false);
        queue.offer(new SharedText("c"), false);
        assertThat(writer.batches).as("nothing before the window ends").containsExactly(1);

        await().atMost(Duration.ofSeconds(5)).until(() -> writer.batches.size() == 2);
        assertThat(writer.sent).containsExactly("shared:a", "shared:b", "shared:c");
        assertThat(writer.batches).containsExactly(1, 2);
    }

    /** "a" written and its write done, then "b" queued: it waits for the 10 s window after "a". */
    private void messageBWaitsForTheWindowAfterA() {
        writer = new ManualWriter(16);
        queue = queueWithWindow(Duration.ofSeconds(10));
        queue.offer(new SharedText("a"), false);
        writer.complete();
        queue.offer(new SharedText("b"), false);
        assertThat(writer.sent).containsExactly("shared:a");
    }

    @Test
    void aPingOfferedWhileMessagesWaitForTheWindowTakesThemAlongAtOnce() {
        messageBWaitsForTheWindowAfterA();

        queue.offerPing();

        assertThat(writer.sent).containsExactly("shared:a", "PING", "shared:b");
        writer.complete();
        queue.offer(new SharedText("c"), false);
        assertThat(writer.sent)
                .as("a message after them waits for the window again")
                .hasSize(3);
    }

    @Test
    void aReplyOfferedWhileMessagesWaitForTheWindowTakesThemAlongAtOnce() {
        messageBWaitsForTheWindowAfterA();

        offer("reply");

        assertThat(writer.sent).containsExactly("shared:a", "shared:b", "reply");
    }

    @Test
    void messagesFillingABatchDoNotWaitForTheWindowSoAFastReaderIsNeverHeldAgainstItsLimit() {
        writer = new ManualWriter(64);
        queue = queueWithWindow(Duration.ofSeconds(10));
        queue.offer(new SharedText("a"), false);
        writer.complete();
        String kib = "x".repeat(1024);

        for (int i = 0; i < 63; i++) {
            queue.offer(new SharedText(kib), false);
        }
        assertThat(writer.batches).as("63 KiB wait for the window").containsExactly(1);
        queue.offer(new SharedText(kib), false);

        assertThat(writer.batches)
                .as("the 64th KiB fills a batch: it leaves at once")
                .containsExactly(1, 64);
    }

    @Test
    void aPingOnAConnectionWithinItsWriteWindowLeavesAtOnceSoTheRoundTripIsTheNetworks() {
        queue = queueWithWindow(Duration.ofSeconds(10));
        queue.offer(new SharedText("a"), false);
        writer.complete();

        queue.offerPing();

        assertThat(writer.sent).containsExactly("shared:a", "PING");
    }

    @Test
    void aReplyOnAConnectionWithinItsWriteWindowLeavesAtOnce() {
        queue = queueWithWindow(Duration.ofSeconds(10));
        queue.offer(new SharedText("a"), false);
        writer.complete();

        offer("reply");

        assertThat(writer.sent).containsExactly("shared:a", "reply");
    }

    @Test
    void framesLeaveOneAtATimeInTheOrderTheyWereQueued() {
        offer("a");
        offer("b");
        offer("c");
        assertThat(writer.sent).containsExactly("a");

        writer.complete();
        writer.complete();
        writer.complete();

        assertThat(writer.sent).containsExactly("a", "b", "c");
        assertThat(queue.queuedBytes()).isZero();
    }

    @Test
    void aPingGoesAheadOfFramesWaitingBehindASlowWrite() {
        offer("a");
        offer("b");
        offer("c");

        queue.offerPing();
        assertThat(writer.sent).as("nothing overtakes the write in flight").containsExactly("a");
        writer.complete();

        assertThat(writer.sent).containsExactly("a", "PING");
        writer.complete();
        writer.complete();
        writer.complete();
        assertThat(writer.sent).containsExactly("a", "PING", "b", "c");
        assertThat(written).contains(OutboundFrame.Ping.INSTANCE);
    }

    @Test
    void aPingOnAnIdleConnectionIsSentAtOnce() {
        queue.offerPing();

        assertThat(writer.sent).containsExactly("PING");
        writer.complete();
        offer("a");
        assertThat(writer.sent).containsExactly("PING", "a");
    }

    @Test
    void aClosedQueueSendsNoMore() {
        offer("a");
        offer("b");

        assertThat(queue.close())
                .as("replies are not counted as dropped messages")
                .isZero();
        queue.offerPing();
        writer.complete();

        assertThat(writer.sent).containsExactly("a");
    }

    @Test
    void closingCountsTheSharedMessagesStillQueued() {
        offer("a");
        queue.offer(new SharedText("m1"), false);
        queue.offer(new SharedText("m2"), false);

        assertThat(queue.close()).isEqualTo(2);
    }

    @Test
    void framesQueuedBehindAWriteLeaveTogetherInOneBatch() {
        writer = new ManualWriter(64);
        queue = queueOver(writer, 1 << 20);
        offer("a");
        offer("b");
        offer("c");
        queue.offerPing();
        offer("d");

        writer.complete();

        assertThat(writer.sent).containsExactly("a", "PING", "b", "c", "d");
        assertThat(writer.batches).containsExactly(1, 4);
        writer.complete();
        assertThat(written).hasSize(5);
        assertThat(queue.queuedBytes()).isZero();
    }

    @Test
    void aBatchStopsAtTheWritersLimit() {
        writer = new ManualWriter(2);
        queue = queueOver(writer, 1 << 20);
        for (String frame : List.of("a", "b", "c", "d", "e")) {
            offer(frame);
        }

        writer.complete();
        writer.complete();

        assertThat(writer.batches).containsExactly(1, 2, 2);
        assertThat(writer.sent).containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void aFrameThatWouldPassTheLimitIsRefusedUnlessForced() {
        queue = queueOver(writer, 4);
        offer("abc");
        assertThat(offer("de")).as("3 + 2 bytes pass the 4-byte limit").isFalse();
        assertThat(queue.queuedBytes()).isEqualTo(3);

        assertThat(queue.offer(new OutboundFrame.Text("de".getBytes(StandardCharsets.UTF_8)), true))
                .isTrue();
        assertThat(queue.queuedBytes()).isEqualTo(5);
    }

    @Test
    void aNewestSlotWritesOnlyTheNewestFrameAndCountsNothingAgainstTheLimit() {
        OutboundFrame.Newest slot = new OutboundFrame.Newest();
        offer("a");
        assertThat(slot.put(new SharedText("m1"))).isNull();
        assertThat(slot.claimPlace()).isTrue();
        queue.offer(slot, true);
        assertThat(slot.put(new SharedText("m2")))
                .as("m1 was replaced unwritten")
                .isEqualTo(new SharedText("m1"));
        assertThat(slot.claimPlace()).as("the slot already waits in the queue").isFalse();
        assertThat(queue.queuedBytes()).isEqualTo(1);

        writer.complete();
        writer.complete();

        assertThat(writer.sent).containsExactly("a", "shared:m2");
        assertThat(written)
                .hasSize(2)
                .last()
                .as("the listener hears of the frame the slot held")
                .isEqualTo(new SharedText("m2"));
        assertThat(slot.claimPlace())
                .as("after the write, the next message queues the slot again")
                .isTrue();
    }

    @Test
    void aPingOfferedAsAFrameGoesAheadLikeOfferPing() {
        offer("a");
        offer("b");
        queue.offer(OutboundFrame.Ping.INSTANCE, false);

        writer.complete();
        writer.complete();

        assertThat(writer.sent).containsExactly("a", "PING", "b");
    }

    @Test
    void payloadBytesAreTheUtf8LengthAndZeroForPingsAndSlots() {
        assertThat(OutboundFrame.payloadBytes(new OutboundFrame.Text("Grüße".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(7);
        assertThat(OutboundFrame.payloadBytes(new SharedText("東京"))).isEqualTo(6);
        assertThat(OutboundFrame.payloadBytes(OutboundFrame.Ping.INSTANCE)).isZero();
        assertThat(OutboundFrame.payloadBytes(new OutboundFrame.Newest())).isZero();
    }
}
