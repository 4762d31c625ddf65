package dev.herald.cluster;

import dev.herald.testing.HeraldNode;
import dev.herald.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of tests that run two nodes, {@code node-a} and {@code node-b}, on one real Redis of their own. */
abstract class TwoNodeClusterTest {

    static TestRedis redis;
    static HeraldNode a;
    static HeraldNode b;

    @BeforeAll
    static void startCluster() {
        redis = TestRedis.start();
        a = HeraldNode.start("node-a", redis.port());
        b = HeraldNode.start("node-b", redis.port());
    }

    /** Closing is idempotent, so a test may stop a node itself. */
    @AfterAll
    static void stopCluster() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        if (redis != null) {
            redis.close();
        }
    }
}
