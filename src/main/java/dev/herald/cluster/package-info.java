/**
 * Many nodes on one Redis ({@code herald.broker=redis}): the Redis broker (publish scripts, history streams,
 * pub/sub relays that keep each channel's order and fill gaps), node heartbeats, the control channel nodes
 * ask each other over, and the cluster-wide connection and node directory for {@code admin}. Nothing here
 * exists with the memory broker, and Spring Boot's Redis configuration is left out then too.
 */
package dev.herald.cluster;
