package dev.herald.channel;

/**
 * The first answer given under an Idempotency-Key, with the fingerprint of the request that got it;
 * {@code replayed} when this request did not publish.
 */
public record IdempotentAnswer(String fingerprint, PublishResponse answer, boolean replayed) {}
