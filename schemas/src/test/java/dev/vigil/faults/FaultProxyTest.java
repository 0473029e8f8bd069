package dev.vigil.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The proxy against a tiny in-process upstream that echoes what it received. */
class FaultProxyTest {
    private static final String DYNAMO_AUTH = "AWS4-HMAC-SHA256 Credential=testing/20250101/us-east-1/dynamodb/"
            + "aws4_request, SignedHeaders=host, Signature=00";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer upstream;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private FaultProxy proxy;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(body);
            byte[] answer;
            if (body.contains("\"Records\"")) {
                // a Kinesis-like PutRecords answer: one sequence number per entry it got
                int n = JSON.readTree(body).get("Records").size();
                answer = ("{\"FailedRecordCount\":0,\"Records\":[" + IntStream.range(0, n)
                        .mapToObj(i -> "{\"SequenceNumber\":\"" + (received.size() * 100 + i)
                                + "\",\"ShardId\":\"shardId-000000000000\"}").collect(Collectors.joining(","))
                        + "]}").getBytes(StandardCharsets.UTF_8);
            } else {
                answer = ("echo:" + body).getBytes(StandardCharsets.UTF_8);
            }
            ex.sendResponseHeaders(200, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        upstream.start();
        proxy = FaultProxy.start("http://127.0.0.1:" + upstream.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.stop(0);
    }

    private HttpResponse<String> dynamo(String operation, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(proxy.endpoint().resolve("/")).timeout(Duration.ofSeconds(2))
                .header("Authorization", DYNAMO_AUTH).header("X-Amz-Target", "DynamoDB_20120810." + operation)
                .header("Content-Type", "application/x-amz-json-1.0")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> query(String service, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(proxy.endpoint().resolve("/")).timeout(Duration.ofSeconds(2))
                .header("Authorization", DYNAMO_AUTH.replace("/dynamodb/", "/" + service + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void unmatchedRequestsPassUnchangedAndAreLoggedByServiceAndOperation() throws Exception {
        // Given a rule for another operation
        proxy.on("dynamodb", "UpdateItem").inject(Fault.error(500, "InternalServerError"));

        // When two requests share a keep-alive connection
        HttpResponse<String> first = dynamo("PutItem", "{\"a\":1}");
        HttpResponse<String> second = query("autoscaling", "Action=DescribeAutoScalingGroups&Version=2011-01-01");

        // Then both reach the upstream and come back as it answered
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("echo:{\"a\":1}");
        assertThat(second.body()).startsWith("echo:Action=DescribeAutoScalingGroups");
        assertThat(proxy.calls()).extracting(FaultProxy.Call::toString)
                .containsExactly("dynamodb PutItem", "autoscaling DescribeAutoScalingGroups");
        assertThat(proxy.injected()).isEmpty();
    }

    @Test
    void anErrorIsShapedAsTheServiceWritesItAndNeverReachesTheUpstream() throws Exception {
        proxy.on("dynamodb", "PutItem").times(1).inject(Fault.error(400, "ProvisionedThroughputExceededException"));
        proxy.on("autoscaling", null).times(1).inject(Fault.error(400, "Throttling"));
        proxy.on("ec2", null).times(1).inject(Fault.error(503, "RequestLimitExceeded"));

        HttpResponse<String> json = dynamo("PutItem", "{}");
        HttpResponse<String> xml = query("autoscaling", "Action=SetDesiredCapacity&Version=2011-01-01");
        HttpResponse<String> ec2 = query("ec2", "Action=RebootInstances&Version=2016-11-15");

        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(json.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.0");
        assertThat(JSON.readTree(json.body()).get("__type").asText())
                .isEqualTo("com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException");
        assertThat(xml.statusCode()).isEqualTo(400);
        assertThat(xml.body()).contains("<ErrorResponse xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\">")
                .contains("<Type>Sender</Type><Code>Throttling</Code>");
        assertThat(ec2.statusCode()).isEqualTo(503);
        assertThat(ec2.body()).contains("<Response><Errors><Error><Code>RequestLimitExceeded</Code>");
        assertThat(received).isEmpty();
        assertThat(proxy.injected("dynamodb", "PutItem")).isEqualTo(1);
        assertThat(proxy.forwarded("dynamodb", "PutItem")).isZero();
    }

    @Test
    void aScheduleSkipsThenInjectsAFixedNumberOrASeededShare() throws Exception {
        proxy.on("dynamodb", "GetItem").skip(1).times(2).inject(Fault.status(503));
        List<Integer> statuses = IntStream.range(0, 5).mapToObj(i -> {
            try {
                return dynamo("GetItem", "{}").statusCode();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).collect(Collectors.toList());
        assertThat(statuses).containsExactly(200, 503, 503, 200, 200);

        Rule share = proxy.on("dynamodb", "Query").fraction(0.5, 42).inject(Fault.status(500));
        for (int i = 0; i < 40; i++) {
            dynamo("Query", "{}");
        }
        assertThat(share.injected()).isBetween(10, 30).isEqualTo(proxy.injected("dynamodb", "Query"));
    }

    @Test
    void aLostResponseTookEffectUpstreamButTheClientSeesTheConnectionDrop() {
        proxy.on("dynamodb", "PutItem").times(1).inject(Fault.lostResponse());

        assertThatThrownBy(() -> dynamo("PutItem", "{\"claim\":1}")).isInstanceOf(IOException.class);

        assertThat(received).containsExactly("{\"claim\":1}");
        assertThat(proxy.forwarded("dynamodb", "PutItem")).isEqualTo(1);
    }

    @Test
    void aResetIsSeenByTheClientAndNothingReachesTheUpstream() {
        proxy.on("dynamodb", null).times(1).inject(Fault.reset());

        assertThatThrownBy(() -> dynamo("PutItem", "{}")).isInstanceOf(IOException.class);

        assertThat(received).isEmpty();
        assertThat(proxy.calls()).extracting(FaultProxy.Call::forwarded).containsExactly(false);
    }

    @Test
    void aSlowAnswerOutlastsTheClientsTimeoutAfterTakingEffect() {
        proxy.on("dynamodb", "UpdateItem").times(1).inject(Fault.slow(Duration.ofSeconds(4)));

        assertThatThrownBy(() -> dynamo("UpdateItem", "{\"outcome\":1}")).isInstanceOf(HttpTimeoutException.class);

        assertThat(received).containsExactly("{\"outcome\":1}");
    }

    @Test
    void aPartiallyFailedPutRecordsWithholdsTheFailedEntries() throws Exception {
        proxy.on("kinesis", "PutRecords").times(1).inject(Fault.partialPutRecords(2));
        String body = "{\"StreamName\":\"s\",\"Records\":[" + IntStream.range(0, 5)
                .mapToObj(i -> "{\"Data\":\"" + i + "\",\"PartitionKey\":\"k\"}").collect(Collectors.joining(","))
                + "]}";

        HttpResponse<String> r = http.send(HttpRequest.newBuilder(proxy.endpoint().resolve("/"))
                .header("Authorization", DYNAMO_AUTH.replace("/dynamodb/", "/kinesis/"))
                .header("X-Amz-Target", "Kinesis_20131202.PutRecords")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        // Then entries 0, 2 and 4 failed as throttled and only 1 and 3 reached the stream
        JsonNode answer = JSON.readTree(r.body());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(answer.get("FailedRecordCount").asInt()).isEqualTo(3);
        assertThat(answer.get("Records").get(0).get("ErrorCode").asText())
                .isEqualTo("ProvisionedThroughputExceededException");
        assertThat(answer.get("Records").get(1).has("SequenceNumber")).isTrue();
        assertThat(JSON.readTree(received.get(0)).get("Records")).extracting(n -> n.get("Data").asText())
                .containsExactly("1", "3");
    }

    @Test
    void aClearedProxyPassesEverything() throws Exception {
        proxy.on(null, null).inject(Fault.status(500));
        assertThat(dynamo("PutItem", "{}").statusCode()).isEqualTo(500);

        proxy.clear();

        assertThat(dynamo("PutItem", "{}").statusCode()).isEqualTo(200);
        assertThat(URI.create(proxy.endpoint().toString()).getPort()).isPositive();
    }
}
