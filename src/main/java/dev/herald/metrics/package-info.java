/**
 * Herald's own meters for Prometheus: connections, handshakes, published, delivered and dropped messages,
 * delivery latency, keepalive, subscriptions. Every feature records through {@link dev.herald.metrics.HeraldMetrics}.
 */
package dev.herald.metrics;
