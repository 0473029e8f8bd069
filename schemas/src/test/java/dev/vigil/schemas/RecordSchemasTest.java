package dev.vigil.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class RecordSchemasTest {

    static Stream<Arguments> records() {
        return Stream.of(
                Arguments.of("metric-datapoint", Samples.datapoint()),
                Arguments.of("health-event", Samples.healthEvent()),
                Arguments.of("impairment", Samples.impairment()),
                Arguments.of("recovery-action", Samples.recoveryAction()),
                Arguments.of("recovery-action", Samples.recoveryActionBeyondRecommendation()),
                Arguments.of("action-outcome", Samples.actionOutcome()),
                Arguments.of("dead-letter", Samples.deadLetter()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    void serialisedRecordValidatesAndReadsBackEqual(String schema, Object record) {
        // Given a fully populated record, When it is written as JSON
        String json = Json.toString(record);

        // Then it satisfies its published schema and reads back equal
        assertThat(SchemaValidator.problems(schema, Json.MAPPER.valueToTree(record))).isEmpty();
        assertThat(Json.fromString(json, record.getClass())).isEqualTo(record);
    }

    @Test
    void schemaRejectsAnImpairmentWithAnUnknownState() {
        ObjectNode json = Json.MAPPER.valueToTree(Samples.impairment());
        json.put("state", "HALF_OPEN");

        assertThat(SchemaValidator.problems("impairment", json)).isNotEmpty();
    }

    @Test
    void schemaRejectsADatapointWithANegativeCount() {
        ObjectNode json = Json.MAPPER.valueToTree(Samples.datapoint());
        ((ObjectNode) json.get("statistics")).put("count", -1);

        assertThat(SchemaValidator.problems("metric-datapoint", json)).isNotEmpty();
    }

    @Test
    void datapointJsonKeepsDimensionsAndStatisticsAsObjects() {
        JsonNode json = Json.MAPPER.valueToTree(Samples.datapoint());

        assertThat(json.get("dimensions").get("TargetGroup").asText()).isEqualTo("targetgroup/web-tg/73e2d6bc24d8a067");
        assertThat(json.get("statistics").get("p99").asDouble()).isEqualTo(2.4);
        assertThat(Samples.datapoint().statistic("Average")).isEqualTo(118.7 / 1530);
        assertThat(Samples.datapoint().statistic("TM(10%:90%)")).isEqualTo(0.07);
        assertThat(Samples.datapoint().statistic("p50")).isNaN();
    }

    @Test
    void deadLetterReasonIsTheLowerCaseCode() {
        JsonNode json = Json.MAPPER.valueToTree(Samples.deadLetter());

        assertThat(json.get("reason").asText()).isEqualTo("non_finite");
    }
}
