package dev.herald.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.HeraldApplication;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

class TokenSecretValidationTest {

    @Test
    void aTokenSecretShorterThan32BytesStopsTheStartWithAMessageNamingThePropertyButNotTheValue() {
        String secret = "short-secret-31-bytes-long-1234";
        assertThat(secret).hasSize(31);

        assertThatThrownBy(() -> start(secret)).satisfies(e -> {
            String messages = String.join("\n", messages(e));
            assertThat(messages)
                    .contains("herald.token.secret")
                    .contains("at least 32 bytes")
                    .contains("has 31")
                    .doesNotContain(secret);
        });
    }

    private static void start(String secret) {
        new SpringApplicationBuilder(HeraldApplication.class)
                .properties(
                        "server.port=0",
                        "server.address=127.0.0.1",
                        "herald.token.secret=" + secret,
                        "herald.security.api-keys=k",
                        "spring.main.banner-mode=off",
                        "spring.jmx.enabled=false")
                .run()
                .close();
    }

    private static List<String> messages(Throwable e) {
        List<String> list = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            list.add(t.getClass().getName() + ": " + t.getMessage());
        }
        return list;
    }
}
