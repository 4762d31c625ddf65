package dev.herald.volume;

/** A device as {@code GET /v1/api/devices} shows it: its last level, where it came from, and its liveness. */
public record DeviceView(String deviceId, String source, long lastSeen, double rmsDb, double peakDb, String state) {}
