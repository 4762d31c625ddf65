package dev.herald.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * Request bodies are read as they are written: a field declared as a string takes a JSON string, a number
 * a JSON number, a boolean a JSON boolean. Jackson would otherwise convert {@code "channel": 5} to
 * {@code "5"}, {@code "rmsDb": "-10"} to -10.0 and {@code "ttlSeconds": 1.5} to 1, and the client would
 * never learn it sent the wrong shape. An integer is still a valid floating-point number ({@code -10} for
 * {@code rmsDb}).
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

    @Bean
    JsonMapperBuilderCustomizer noScalarCoercion() {
        return builder -> builder.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                // ALLOW_COERCION_OF_SCALARS leaves text targets alone: numbers and booleans into strings
                .withCoercionConfig(
                        LogicalType.Textual,
                        text -> text.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }
}
