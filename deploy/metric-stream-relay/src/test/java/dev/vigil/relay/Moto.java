package dev.vigil.relay;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** The project's local AWS emulator (scripts/local-aws, moto) for this module's ITCases. */
final class Moto implements AutoCloseable {
    static {
        System.setProperty("aws.cborEnabled", "false");
    }

    final String endpoint;
    final KinesisClient kinesis;
    private final Path script;
    private final Path dir;

    private Moto(Path script, Path dir, String endpoint) {
        this.script = script;
        this.dir = dir;
        this.endpoint = endpoint;
        this.kinesis = KinesisClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    static Moto start(String name) throws IOException, InterruptedException {
        Path here = Paths.get("").toAbsolutePath();
        Path root = Files.exists(here.resolve("scripts/local-aws")) ? here : here.getParent().getParent();
        Path script = root.resolve("scripts/local-aws");
        Path dir = here.resolve("target/" + name);
        Process p = new ProcessBuilder(script.toString(), "start", dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String endpoint;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            endpoint = r.readLine();
        }
        if (p.waitFor() != 0 || endpoint == null) {
            throw new IOException("scripts/local-aws start failed");
        }
        return new Moto(script, dir, endpoint.trim());
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
        new ProcessBuilder(script.toString(), "stop", dir.toString()).inheritIO().start().waitFor();
    }
}
