package dev.herald.openapi;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import java.util.Iterator;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Schemas as the JSON really is: a {@code JsonNode}, or text written raw ({@link JsonRawValue}, a message's
 * {@code data}), is any JSON value rather than the node class's getters. Stateless: swagger-core keeps its
 * converters in one list per JVM, shared by every application context.
 */
@Component
class JsonSchemas implements ModelConverter {

    /** Any JSON value: the empty schema of JSON Schema 2020-12, with a description. */
    static Schema<?> anyJson() {
        return new JsonSchema().description("Any JSON value: an object, array, string, number, true, false or null");
    }

    @Override
    public Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        Class<?> raw = Json.mapper().constructType(type.getType()).getRawClass();
        boolean rawJson = type.getCtxAnnotations() != null
                && Stream.of(type.getCtxAnnotations()).anyMatch(a -> a instanceof JsonRawValue);
        if (rawJson || tools.jackson.databind.JsonNode.class.isAssignableFrom(raw)) {
            return anyJson();
        }
        return chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
    }
}
