package dev.herald.channel;

/** The answer to a publish: where the message went. Kept as the first answer of an Idempotency-Key. */
public record PublishResponse(String id, String channel, long offset, String epoch, long ts) {

    public static PublishResponse of(Message message) {
        return new PublishResponse(message.id(), message.channel(), message.offset(), message.epoch(), message.ts());
    }
}
