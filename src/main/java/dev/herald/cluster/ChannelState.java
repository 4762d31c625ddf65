package dev.herald.cluster;

import dev.herald.channel.Message;
import java.util.List;

/**
 * A channel as Redis holds it: its epoch, latest offset, the oldest offset still retained (offset + 1 when
 * none is), and the retained messages that were asked for.
 */
record ChannelState(String epoch, long offset, long oldest, List<Message> messages) {}
