package dev.herald.channel;

import java.util.List;

/** Retained messages of a channel after a given offset, oldest first. */
public record HistoryPage(String channel, String epoch, long offset, List<Message> messages) {}
