/**
 * Channels and the broker: names and patterns, offsets and epochs, history and recovery, publishing (REST
 * and the service the WebSocket side uses), idempotency, conflation, and the choice of broker
 * ({@code herald.broker}, {@link dev.herald.channel.ConditionalOnBroker}). The memory broker lives here; the
 * Redis broker is in {@code cluster}. {@link dev.herald.channel.BrokerUnavailableException} is the domain's
 * "cannot be kept now" (503 over REST, an {@code unavailable} error frame over WebSocket), and
 * {@link dev.herald.channel.Ids} names messages, epochs and connections.
 */
package dev.herald.channel;
