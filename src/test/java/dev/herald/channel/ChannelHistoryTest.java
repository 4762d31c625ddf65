package dev.herald.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelHistoryTest {

    @Test
    void afterGivesTheMessagesPastSinceOldestFirst() {
        ChannelHistory history = history(10, 5);

        assertThat(offsets(history.after(2, 100))).containsExactly(3L, 4L, 5L);
        assertThat(offsets(history.after(0, 100))).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void afterGivesAtMostLimitMessagesFromTheOldestSide() {
        ChannelHistory history = history(10, 5);

        assertThat(offsets(history.after(0, 2))).containsExactly(1L, 2L);
        assertThat(offsets(history.after(3, 1))).containsExactly(4L);
    }

    @Test
    void afterTheNewestOffsetThereIsNothing() {
        ChannelHistory history = history(10, 5);

        assertThat(history.after(5, 10)).isEmpty();
        assertThat(history.after(50, 10)).isEmpty();
        assertThat(history.after(Long.MAX_VALUE, 10))
                .as("since + 1 would overflow")
                .isEmpty();
    }

    @Test
    void theRingKeepsTheNewestMessagesWhenItWraps() {
        ChannelHistory history = history(3, 7);

        assertThat(offsets(history.after(0, 100))).containsExactly(5L, 6L, 7L);
        assertThat(history.oldestOffset()).isEqualTo(5);
        assertThat(offsets(history.after(5, 100))).containsExactly(6L, 7L);
    }

    @Test
    void theRingWrapsManyTimesAndStillAnswersInOrder() {
        ChannelHistory history = history(4, 103);

        assertThat(offsets(history.after(0, 100))).containsExactly(100L, 101L, 102L, 103L);
        assertThat(history.after(0, 100)).extracting(Message::data).containsExactly("100", "101", "102", "103");
    }

    @Test
    void anEmptyHistoryIsEmptyAndItsOldestOffsetIsOne() {
        ChannelHistory history = new ChannelHistory(5);

        assertThat(history.isEmpty()).isTrue();
        assertThat(history.oldestOffset()).isEqualTo(1);
        assertThat(history.after(0, 10)).isEmpty();
    }

    @Test
    void expireDropsTheMessagesAcceptedBeforeTheCutoffOnly() {
        ChannelHistory history = new ChannelHistory(10);
        for (int offset = 1; offset <= 5; offset++) {
            history.append(message(offset, 1000L * offset));
        }

        history.expire(3000);

        assertThat(offsets(history.after(0, 10))).containsExactly(3L, 4L, 5L);
        assertThat(history.oldestOffset()).isEqualTo(3);
    }

    @Test
    void expiringEverythingLeavesTheHistoryEmptyPastTheNewestOffset() {
        ChannelHistory history = new ChannelHistory(10);
        for (int offset = 1; offset <= 5; offset++) {
            history.append(message(offset, 1000L * offset));
        }

        history.expire(10_000);

        assertThat(history.isEmpty()).isTrue();
        assertThat(history.oldestOffset()).isEqualTo(6);
        assertThat(history.after(0, 10)).isEmpty();
    }

    @Test
    void afterExpiryNewMessagesAreRetainedAgain() {
        ChannelHistory history = new ChannelHistory(3);
        history.append(message(1, 1000));
        history.append(message(2, 1000));
        history.expire(5000);

        history.append(message(3, 6000));

        assertThat(offsets(history.after(0, 10))).containsExactly(3L);
        assertThat(history.oldestOffset()).isEqualTo(3);
    }

    @Test
    void aHistoryOfSizeZeroRetainsNothingButKnowsTheNewestOffset() {
        ChannelHistory history = new ChannelHistory(0);
        history.append(message(1, 1000));
        history.append(message(2, 1000));

        assertThat(history.isEmpty()).isTrue();
        assertThat(history.oldestOffset()).isEqualTo(3);
        assertThat(history.after(0, 10)).isEmpty();
        history.expire(Long.MAX_VALUE);
    }

    private static ChannelHistory history(int size, int messages) {
        ChannelHistory history = new ChannelHistory(size);
        for (int offset = 1; offset <= messages; offset++) {
            history.append(message(offset, System.currentTimeMillis()));
        }
        return history;
    }

    static Message message(long offset, long ts) {
        String data = Long.toString(offset);
        String frame = "{\"type\":\"message\",\"channel\":\"c\",\"offset\":" + offset + ",\"data\":" + data + "}";
        return new Message(
                "c",
                offset,
                "id-" + offset,
                ts,
                data,
                "epoch",
                frame.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                System.nanoTime());
    }

    private static List<Long> offsets(List<Message> messages) {
        return messages.stream().map(Message::offset).toList();
    }
}
