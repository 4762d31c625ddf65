package dev.herald.openapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

/**
 * Marks the fields of what the server answers: a record is written with every one of its components, so
 * each is required, except one left out when empty ({@code @JsonInclude}); a component whose type is
 * {@link Nullable} may be null. Request bodies keep their own rules (the validation annotations). The
 * records are found from the handlers' return types, through their components, by schema name.
 */
@Component
class ResponseSchemas implements OperationCustomizer, OpenApiCustomizer {

    private static final String REF_PREFIX = "#/components/schemas/";

    private final Map<String, Class<?>> records = new ConcurrentHashMap<>();

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        note(handler.getReturnType().getGenericParameterType());
        return operation;
    }

    /** Notes the records of {@code type}: itself, its type arguments and, for a record, its components'. */
    private void note(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            note(parameterized.getRawType());
            for (Type argument : parameterized.getActualTypeArguments()) {
                note(argument);
            }
        } else if (type instanceof Class<?> raw && raw.isArray()) {
            note(raw.getComponentType());
        } else if (type instanceof Class<?> raw
                && raw.isRecord()
                && records.putIfAbsent(raw.getSimpleName(), raw) == null) {
            for (RecordComponent component : raw.getRecordComponents()) {
                note(component.getGenericType());
            }
        }
    }

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
            return;
        }
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        Set<String> answered = new LinkedHashSet<>();
        openApi.getPaths()
                .values()
                .forEach(path -> path.readOperations()
                        .forEach(operation -> operation.getResponses().forEach((status, response) -> {
                            if (status.startsWith("2") && response.getContent() != null) {
                                response.getContent()
                                        .values()
                                        .forEach(media -> collect(media.getSchema(), schemas, answered));
                            }
                        })));
        for (String name : answered) {
            Class<?> record = records.get(name);
            if (record != null) {
                mark(schemas.get(name), record);
            }
        }
    }

    private static void mark(Schema<?> schema, Class<?> record) {
        if (schema == null || schema.getProperties() == null) {
            return;
        }
        JsonInclude classInclusion = record.getAnnotation(JsonInclude.class);
        List<String> required = new ArrayList<>();
        for (RecordComponent component : record.getRecordComponents()) {
            Schema<?> property = schema.getProperties().get(component.getName());
            if (property == null) {
                continue;
            }
            JsonInclude inclusion = component.getAccessor().getAnnotation(JsonInclude.class);
            if (inclusion == null) {
                inclusion = classInclusion;
            }
            if (inclusion == null || inclusion.value() == JsonInclude.Include.ALWAYS) {
                required.add(component.getName());
            }
            if (component.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
                nullable(property);
            }
        }
        schema.setRequired(required);
    }

    /** OpenAPI 3.1 says "may be null" with the type {@code null} beside the others. */
    private static void nullable(Schema<?> property) {
        if (property.getTypes() != null) {
            property.addType("null");
        } else if (property.getType() != null) {
            property.addType(property.getType());
            property.addType("null");
        }
    }

    private static void collect(Schema<?> schema, Map<String, Schema> schemas, Set<String> names) {
        if (schema == null) {
            return;
        }
        if (schema.get$ref() != null && schema.get$ref().startsWith(REF_PREFIX)) {
            String name = schema.get$ref().substring(REF_PREFIX.length());
            if (names.add(name)) {
                collect(schemas.get(name), schemas, names);
            }
            return;
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(p -> collect(p, schemas, names));
        }
        collect(schema.getItems(), schemas, names);
        if (schema.getAdditionalProperties() instanceof Schema<?> values) {
            collect(values, schemas, names);
        }
        for (List<Schema> group : List.of(
                nullToEmpty(schema.getOneOf()), nullToEmpty(schema.getAnyOf()), nullToEmpty(schema.getAllOf()))) {
            group.forEach(s -> collect(s, schemas, names));
        }
    }

    private static List<Schema> nullToEmpty(List<Schema> list) {
        return list == null ? List.of() : list;
    }
}
