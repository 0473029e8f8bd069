package dev.vigil.detector.testing;

import dev.vigil.common.testing.LocalMoto;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The local AWS emulator ({@link LocalMoto}, the launcher every module's ITCases use) with the
 * Kinesis operations the detector's ITCases and the demo need.
 */
public final class LocalAws implements AutoCloseable {
    public static final String REGION = "us-east-1";
    /** moto's account id. */
    public static final String ACCOUNT = "123456789012";
    public static final String ACCESS_KEY = "testing";
    public static final String SECRET_KEY = "testing";

    static {
        // moto cannot read the CBOR encoding the Kinesis SDK uses by default (ours and the connector's).
        System.setProperty("aws.cborEnabled", "false");
    }

    private final LocalMoto moto;
    private final String endpoint;
    private final KinesisClient kinesis;

    private LocalAws(LocalMoto moto) {
        this.moto = moto;
        this.endpoint = moto.endpoint();
        this.kinesis = KinesisClient.builder().endpointOverride(URI.create(endpoint)).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** Starts an emulator with its own state folder; {@code projectRoot} holds scripts/. */
    public static LocalAws start(Path projectRoot, Path stateDir) throws IOException, InterruptedException {
        return new LocalAws(LocalMoto.start(projectRoot, stateDir));
    }

    /** An emulator already running at {@code endpoint} (e.g. holding a stack scripts/deploy created); close() leaves it running. */
    public static LocalAws attach(Path projectRoot, String endpoint) {
        return new LocalAws(LocalMoto.attach(projectRoot, endpoint));
    }

    /** The ARN of an existing stream. */
    public String streamArn(String name) {
        return kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().streamARN();
    }

    /** The project root from the working directory (the root itself or one of its modules). */
    public static Path projectRoot() {
        return LocalMoto.projectRoot();
    }

    public String endpoint() {
        return endpoint;
    }

    public KinesisClient kinesis() {
        return kinesis;
    }

    /** Creates a stream and returns its ARN. */
    public String createStream(String name, int shards) {
        kinesis.createStream(b -> b.streamName(name).shardCount(shards));
        return kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().streamARN();
    }

    /** Puts records with the given partition keys, 500 at a time (PutRecords' limit). */
    public void put(String stream, List<byte[]> records, List<String> keys) {
        for (int i = 0; i < records.size(); i += 500) {
            List<PutRecordsRequestEntry> batch = new ArrayList<>();
            for (int k = i; k < Math.min(i + 500, records.size()); k++) {
                batch.add(PutRecordsRequestEntry.builder().data(SdkBytes.fromByteArray(records.get(k)))
                        .partitionKey(keys.get(k)).build());
            }
            kinesis.putRecords(b -> b.streamName(stream).records(batch));
        }
    }

    /** Reads a one-shard stream from its start; call {@link Reader#poll()} repeatedly. */
    public Reader reader(String stream) {
        String shard = kinesis.listShards(b -> b.streamName(stream)).shards().get(0).shardId();
        return new Reader(kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
    }

    /** Follows one shard. */
    public final class Reader {
        private String iterator;

        Reader(String iterator) {
            this.iterator = iterator;
        }

        /** The records that arrived since the last poll (possibly none). */
        public List<String> poll() {
            GetRecordsResponse r = kinesis.getRecords(b -> b.shardIterator(iterator));
            iterator = r.nextShardIterator();
            List<String> out = new ArrayList<>();
            for (Record rec : r.records()) {
                out.add(rec.data().asUtf8String());
            }
            return out;
        }
    }

    /** MSF-style property groups pointing the job at this emulator's streams. */
    public String jobConfigJson(String metricsArn, String eventsArn, String impairmentsArn, String deadLettersArn,
                                boolean replayTimestamps) {
        return "{\n"
                + "  \"Input\": {\"metrics.stream.arn\": \"" + metricsArn + "\", \"events.stream.arn\": \"" + eventsArn + "\",\n"
                + "            \"start.position\": \"TRIM_HORIZON\", \"shard.discovery.interval.ms\": \"1000\"},\n"
                + "  \"Output\": {\"impairments.stream.arn\": \"" + impairmentsArn + "\", \"deadletters.stream.arn\": \""
                + deadLettersArn + "\"},\n"
                + "  \"Aws\": {\"region\": \"" + REGION + "\", \"endpoint\": \"" + endpoint + "\",\n"
                + "          \"credentials.provider\": \"BASIC\", \"access.key.id\": \"" + ACCESS_KEY
                + "\", \"secret.access.key\": \"" + SECRET_KEY + "\"},\n"
                + "  \"Detector\": {\"idleness.ms\": \"3000\""
                + (replayTimestamps ? ", \"parse.max.age.ms\": \"0\", \"parse.max.future.ms\": \"0\"" : "") + "}\n"
                + "}\n";
    }

    @Override
    public void close() throws IOException, InterruptedException {
        kinesis.close();
        moto.close();
    }
}
