package dev.herald;

import dev.herald.ws.ContainerBuffers;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class HeraldApplication {

    static {
        ContainerBuffers.beforeContainerStarts();
    }

    public static void main(String[] args) {
        SpringApplication.run(HeraldApplication.class, args);
    }
}
