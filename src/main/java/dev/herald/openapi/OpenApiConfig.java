package dev.herald.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document of the REST API (/v3/api-docs, UI at /swagger-ui.html): its tags, the two ways of
 * sending the API key, and the {@code Problem} schema of every error. schemathesis checks it against the
 * running server in the build (OpenApiSchemathesisTest).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    /** Tag names, one per feature; controllers name theirs with these. */
    static final List<Tag> TAGS = List.of(
            new Tag().name("tokens").description("Connection tokens for WebSocket clients"),
            new Tag().name("messages").description("Publishing to channels and reading what they retain"),
            new Tag().name("channels").description("The channels the server knows"),
            new Tag().name("connections").description("Open WebSocket connections of every node: list, inspect, close"),
            new Tag().name("nodes").description("The live nodes of a cluster"),
            new Tag().name("devices").description("Audio levels of devices and their liveness"));

    @Bean
    OpenAPI heraldOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Herald REST API")
                        .version("v1")
                        .description("Tokens, publishing, history and administration of the Herald push server. "
                                + "Every operation needs an API key, sent as `Authorization: Bearer <key>` or "
                                + "`X-Api-Key: <key>`. Every error is `application/problem+json` (schema `Problem`) "
                                + "with a stable `code`. The WebSocket protocol is described in docs/protocol.md."))
                .tags(TAGS)
                .components(new Components()
                        .addSchemas(ProblemSchema.NAME, ProblemSchema.schema())
                        .addSecuritySchemes(
                                "apiKey",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.APIKEY)
                                        .in(SecurityScheme.In.HEADER)
                                        .name("X-Api-Key")
                                        .description(
                                                "An API key of `herald.security.api-keys` (or the one logged at start)"))
                        .addSecuritySchemes(
                                "bearer",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("API key")
                                        .description(
                                                "The same API key as a bearer token: `Authorization: Bearer <key>`")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
