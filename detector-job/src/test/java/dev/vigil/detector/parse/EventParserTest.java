package dev.vigil.detector.parse;

import dev.vigil.schemas.DeadLetterReason;
import dev.vigil.schemas.HealthEvent;
import dev.vigil.schemas.HealthEventKind;
import dev.vigil.schemas.Json;
import dev.vigil.schemas.SchemaValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class EventParserTest {
    /** The fixtures are from 2025-11-22T08:30Z..08:41Z. */
    private static final long NOW = 1763800200000L + 15 * 60_000;

    private final EventParser parser = new EventParser(ParseLimits.defaults(), "events");

    private Collected<HealthEvent> parse(byte[] record) {
        Collected<HealthEvent> out = new Collected<>();
        parser.parse(record, NOW, out);
        return out;
    }

    private Collected<HealthEvent> parse(String record) {
        return parse(record.getBytes(StandardCharsets.UTF_8));
    }

    private HealthEvent fixture(String name) {
        Collected<HealthEvent> out = parse(Collected.resource("/fixtures/events/" + name));
        assertThat(out.rejected).isEmpty();
        assertThat(out.accepted).hasSize(1);
        HealthEvent e = out.accepted.get(0);
        assertThat(SchemaValidator.problems("health-event", e)).isEmpty();
        assertThat(Json.fromString(Json.toString(e), HealthEvent.class)).isEqualTo(e);
        return e;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "aws-health-ec2-issue.json, AWS_HEALTH, AWS_EC2_OPERATIONAL_ISSUE, open, i-0a1b2c3d4e5f60718",
            "ec2-state-change-stopped.json, EC2_STATE_CHANGE, stopped, stopped, i-0a1b2c3d4e5f60718",
            "cloudwatch-alarm-status-check.json, ALARM_STATE_CHANGE, web-i-0a1b2c3d4e5f60718-status, ALARM, i-0a1b2c3d4e5f60718",
            "rds-failover-started.json, RDS_EVENT, RDS-EVENT-0013, failover-started, orders-db",
    })
    void fixtureEventsAreNormalised(String file, HealthEventKind kind, String code, String status, String resource) {
        HealthEvent e = fixture(file);

        assertThat(e.getKind()).isEqualTo(kind);
        assertThat(e.getCode()).isEqualTo(code);
        assertThat(e.getStatus()).isEqualTo(status);
        assertThat(e.getAffectedResources()).containsExactly(resource);
        assertThat(e.getAccount()).isEqualTo("111122223333");
        assertThat(e.getRegion()).isEqualTo("eu-west-1");
        assertThat(e.getDetail()).startsWith("{");
    }

    @Test
    void autoScalingTerminateNamesTheInstanceAndTheGroup() {
        HealthEvent e = fixture("autoscaling-terminate-successful.json");

        assertThat(e.getKind()).isEqualTo(HealthEventKind.AUTOSCALING_LIFECYCLE);
        assertThat(e.getStatus()).isEqualTo("terminate-successful");
        assertThat(e.getAffectedResources()).containsExactly("i-0a1b2c3d4e5f60718", "web-asg");
        assertThat(e.getTime()).isEqualTo(java.time.Instant.parse("2025-11-22T08:40:55Z").toEpochMilli());
    }

    @Test
    void unknownSourceIsKeptAsGenericWithItsResources() {
        Collected<HealthEvent> out = parse("{\"version\":\"0\",\"id\":\"e-1\",\"detail-type\":\"ECS Task State Change\","
                + "\"source\":\"aws.ecs\",\"account\":\"1\",\"time\":\"2025-11-22T08:35:00Z\",\"region\":\"eu-west-1\","
                + "\"resources\":[\"arn:aws:ecs:eu-west-1:1:task/c/abc\"],\"detail\":{\"lastStatus\":\"STOPPED\"}}");

        assertThat(out.rejected).isEmpty();
        HealthEvent e = out.accepted.get(0);
        assertThat(e.getKind()).isEqualTo(HealthEventKind.GENERIC);
        assertThat(e.getCode()).isEqualTo("ECS Task State Change");
        assertThat(e.getAffectedResources()).containsExactly("abc");
    }

    @Test
    void severalEventsPerRecordAndGzipAreRead() {
        byte[] a = Collected.resource("/fixtures/events/ec2-state-change-stopped.json");
        byte[] b = Collected.resource("/fixtures/events/rds-failover-started.json");
        String two = new String(a, StandardCharsets.UTF_8).trim() + "\n" + new String(b, StandardCharsets.UTF_8).trim();

        Collected<HealthEvent> out = parse(Collected.gzip(two.getBytes(StandardCharsets.UTF_8)));

        assertThat(out.rejected).isEmpty();
        assertThat(out.accepted).extracting(HealthEvent::getKind)
                .containsExactly(HealthEventKind.EC2_STATE_CHANGE, HealthEventKind.RDS_EVENT);
    }

    private static final String EC2 = "{\"id\":\"e-2\",\"detail-type\":\"EC2 Instance State-change Notification\","
            + "\"source\":\"aws.ec2\",\"time\":\"2025-11-22T08:31:07Z\",\"resources\":[],"
            + "\"detail\":{\"instance-id\":\"i-1\",\"state\":\"terminated\"}}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "MALFORMED_JSON|{\"id\":\"e-2\",",
            "MALFORMED_JSON|\"just a string\"",
            "MISSING_FIELD|" + "{\"source\":\"aws.ec2\",\"time\":\"2025-11-22T08:31:07Z\",\"detail\":{}}",
            "MISSING_FIELD|" + "{\"id\":\"e\",\"source\":\"aws.ec2\",\"time\":\"2025-11-22T08:31:07Z\"}",
            "MISSING_FIELD|" + "{\"id\":\"e\",\"source\":\"aws.ec2\",\"time\":\"2025-11-22T08:31:07Z\",\"detail\":{\"state\":\"stopped\"}}",
            "WRONG_TYPE|" + "{\"id\":\"e\",\"source\":\"aws.ec2\",\"time\":\"yesterday\",\"detail\":{}}",
            "WRONG_TYPE|" + "{\"id\":\"e\",\"source\":\"aws.ec2\",\"time\":\"2025-11-22T08:31:07Z\",\"detail\":[]}",
            "WRONG_TYPE|" + "{\"id\":7,\"source\":\"aws.ec2\",\"time\":\"2025-11-22T08:31:07Z\",\"detail\":{}}",
            "WRONG_TYPE|" + "{\"id\":\"e\",\"source\":\"x\",\"time\":\"2025-11-22T08:31:07Z\",\"resources\":\"r\",\"detail\":{}}",
            "FUTURE_TIMESTAMP|" + "{\"id\":\"e\",\"source\":\"x\",\"time\":\"2025-11-23T08:31:07Z\",\"detail\":{}}",
            "EXPIRED_TIMESTAMP|" + "{\"id\":\"e\",\"source\":\"x\",\"time\":\"2025-11-01T08:31:07Z\",\"detail\":{}}",
    })
    void badEventIsDeadLetteredAndTheGoodOnesStillPass(DeadLetterReason reason, String bad) {
        Collected<HealthEvent> out = parse(EC2 + "\n" + bad + "\n" + EC2);

        assertThat(out.accepted).hasSize(2);
        assertThat(out.reasons()).containsExactly(reason);
        assertThat(new String(out.rejected.get(0).getOriginal(), StandardCharsets.UTF_8)).isEqualTo(bad);
        assertThat(SchemaValidator.problems("dead-letter", out.rejected.get(0))).isEmpty();
    }

    @Test
    void oversizedAndCorruptRecordsAreDeadLettered() {
        EventParser small = new EventParser(new ParseLimits(1 << 20, 100, 0, 0), "events");
        Collected<HealthEvent> out = new Collected<>();
        small.parse(EC2.getBytes(StandardCharsets.UTF_8), NOW, out);
        byte[] gz = Collected.gzip(EC2.getBytes(StandardCharsets.UTF_8));
        small.parse(java.util.Arrays.copyOf(gz, 12), NOW, out);

        assertThat(out.reasons()).containsExactly(DeadLetterReason.OVERSIZED, DeadLetterReason.BAD_COMPRESSION);
    }

    @Test
    void everyLineOfAHostileRecordIsAnEventOrADeadLetterWithItsExactBytes() {
        // Given one record: a BOM before a good event, invalid UTF-8, a line of NULs, CRLF endings
        byte[] bomEvent = MetricStreamParserTest.concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                EC2.getBytes(StandardCharsets.UTF_8));
        byte[] invalidUtf8 = {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'};
        byte[] nuls = {0, 0, 0};
        byte[] record = MetricStreamParserTest.concat(bomEvent, "\r\n".getBytes(StandardCharsets.UTF_8), invalidUtf8,
                "\n".getBytes(StandardCharsets.UTF_8), nuls, "\r\n".getBytes(StandardCharsets.UTF_8));

        Collected<HealthEvent> out = parse(record);

        assertThat(out.accepted).hasSize(1);
        assertThat(out.rejected.stream().map(dev.vigil.schemas.DeadLetter::getOriginal)).containsExactly(invalidUtf8, nuls);
    }

    @Test
    void arnsAreReducedToTheirResourceIds() {
        assertThat(EventParser.resourceIdOf("arn:aws:ec2:eu-west-1:1:instance/i-0a1")).isEqualTo("i-0a1");
        assertThat(EventParser.resourceIdOf("arn:aws:rds:eu-west-1:1:db:orders-db")).isEqualTo("orders-db");
        assertThat(EventParser.resourceIdOf("i-0a1")).isEqualTo("i-0a1");
    }

    @Test
    void anRdsSourceIdentifierWithAwsExamplesRdsPrefixNamesTheDatabase() {
        // As in AWS's example "RDS DB Instance Event" (SourceIdentifier "rds:my-db-instance")
        String event = "{\"version\":\"0\",\"id\":\"e\",\"detail-type\":\"RDS DB Instance Event\",\"source\":\"aws.rds\","
                + "\"account\":\"111122223333\",\"time\":\"2025-11-22T08:33:10Z\",\"region\":\"eu-west-1\",\"resources\":[],"
                + "\"detail\":{\"EventCategories\":[\"failover\"],\"SourceType\":\"DB_INSTANCE\",\"Message\":\"A Multi-AZ failover has completed.\","
                + "\"SourceIdentifier\":\"rds:my-db-instance\",\"EventID\":\"RDS-EVENT-0049\"}}";
        Collected<HealthEvent> out = parse(event);
        assertThat(out.accepted).hasSize(1);
        assertThat(out.accepted.get(0).getAffectedResources()).containsExactly("my-db-instance");
    }
}
