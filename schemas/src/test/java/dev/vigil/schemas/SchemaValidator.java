package dev.vigil.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Validates JSON against Vigil's published schemas, resolved from the classpath. Shared with the
 * other modules' tests (test-jar) so they check their real output, not a hand-made copy.
 */
public final class SchemaValidator {
    private static final String BASE = "https://vigil.dev/schemas/";
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            b -> b.schemaMappers(m -> m.mapPrefix(BASE, "classpath:schemas/")));
    private static final ConcurrentHashMap<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private SchemaValidator() {}

    /** Problems found validating {@code json} against {@code name} (e.g. "impairment"); empty when valid. */
    public static Set<String> problems(String name, JsonNode json) {
        JsonSchema schema = SCHEMAS.computeIfAbsent(name,
                n -> FACTORY.getSchema(SchemaLocation.of(BASE + n + ".schema.json")));
        Set<ValidationMessage> messages = schema.validate(json);
        return messages.stream().map(ValidationMessage::getMessage).collect(Collectors.toSet());
    }

    public static Set<String> problems(String name, Object record) {
        return problems(name, Json.MAPPER.valueToTree(record));
    }
}
