package dev.herald.testing;

import java.util.UUID;

/** Names no other test uses: tests share one running application (and one Redis), so they must not collide. */
public final class Names {

    private Names() {}

    /** {@code prefix}, a dash and eight random hex digits: a channel or user name of this test alone. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
