package dev.herald.transport.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.IntegrationTest;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/** A reconnect storm starts every request thread Tomcat may have; Herald caps them well below Tomcat's 200. */
class TomcatThreadsTest extends IntegrationTest {

    @Autowired
    WebServerApplicationContext context;

    @Test
    void requestThreadsAreCappedAtHeraldsDefaultNotTomcats() {
        TomcatWebServer server = (TomcatWebServer) context.getWebServer();
        Object executor = server.getTomcat().getConnector().getProtocolHandler().getExecutor();

        assertThat(executor).isInstanceOf(ThreadPoolExecutor.class);
        assertThat(((ThreadPoolExecutor) executor).getMaximumPoolSize()).isEqualTo(32);
    }
}
