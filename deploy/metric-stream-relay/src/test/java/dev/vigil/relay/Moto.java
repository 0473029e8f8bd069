package dev.vigil.relay;

import dev.vigil.common.testing.LocalMoto;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** The project's local AWS emulator ({@link LocalMoto}) with the Kinesis reads this module's ITCases need. */
final class Moto implements AutoCloseable {
    static {
        System.setProperty("aws.cborEnabled", "false");
    }

    final String endpoint;
    final KinesisClient kinesis;
    private final LocalMoto moto;

    private Moto(LocalMoto moto) {
        this.moto = moto;
        this.endpoint = moto.endpoint();
        this.kinesis = KinesisClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    static Moto start(String name) throws IOException, InterruptedException {
        return new Moto(LocalMoto.start(LocalMoto.projectRoot(), Paths.get("").toAbsolutePath().resolve("target/" + name)));
    }

    String createStream(String name, int shards) throws InterruptedException {
        kinesis.createStream(b -> b.streamName(name).shardCount(shards));
        return kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().streamARN();
    }

    /** Every record of every shard, shard by shard, each shard's in sequence order. */
    List<List<Record>> readAll(String stream) {
        List<List<Record>> out = new ArrayList<>();
        for (Shard shard : kinesis.listShards(b -> b.streamName(stream)).shards()) {
            String it = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            List<Record> records = new ArrayList<>();
            while (true) {
                String iterator = it;
                GetRecordsResponse r = kinesis.getRecords(b -> b.shardIterator(iterator).limit(10_000));
                records.addAll(r.records());
                if (r.records().isEmpty() || r.nextShardIterator() == null) {
                    break;
                }
                it = r.nextShardIterator();
            }
            out.add(records);
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        kinesis.close();
        moto.close();
    }
}
