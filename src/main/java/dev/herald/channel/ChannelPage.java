package dev.herald.channel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * One page of the channel list, in name order. {@code total} counts every channel; {@code next} is the
 * {@code after} that fetches the following page, null on the last one.
 */
public record ChannelPage(
        List<ChannelInfo> channels, int total, @Nullable String next) {

    /**
     * The names of one page out of every channel name: the first {@code limit} names after {@code after}
     * (from the first when null), in order. Keeps only {@code limit + 1} names while it looks, so a page of
     * a large list costs a pass over the names, not a sort of all of them.
     */
    public static Window window(Iterable<String> names, String after, int limit) {
        PriorityQueue<String> smallest = new PriorityQueue<>(Collections.reverseOrder());
        int total = 0;
        for (String name : names) {
            total++;
            if (after != null && name.compareTo(after) <= 0) {
                continue;
            }
            if (smallest.size() <= limit) {
                smallest.add(name);
            } else if (name.compareTo(smallest.peek()) < 0) {
                smallest.poll();
                smallest.add(name);
            }
        }
        boolean more = smallest.size() > limit;
        if (more) {
            smallest.poll();
        }
        List<String> page = new ArrayList<>(smallest);
        Collections.sort(page);
        return new Window(page, total, more);
    }

    /** The names of a page, how many channels there are in all, and whether more follow this page. */
    public record Window(List<String> names, int total, boolean more) {

        /** The page of these names, with what is known of each (a channel gone meanwhile is left out). */
        public ChannelPage page(List<ChannelInfo> channels) {
            return new ChannelPage(channels, total, more ? names.get(names.size() - 1) : null);
        }
    }
}
