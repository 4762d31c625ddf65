/**
 * Live volume of devices: levels posted over REST or metered from PCM audio streamed to the ingest WebSocket,
 * published on the conflated channels {@code volume/<deviceId>}; device liveness ({@code devices/status});
 * and the simulated devices that keep the dashboard moving.
 */
package dev.herald.volume;
