package dev.vigil.relay;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@link Kinesis} on the AWS SDK; the stream may be named by name or by ARN. */
public final class SdkKinesis implements Kinesis, AutoCloseable {
    private final KinesisClient client;

    public SdkKinesis(KinesisClient client) {
        this.client = client;
    }

    /**
     * A client for {@code region}; with an {@code endpoint} (a local emulator) it signs with the
     * emulator's static keys and speaks JSON instead of CBOR, which moto cannot read.
     */
    public static SdkKinesis create(String region, String endpoint) {
        KinesisClientBuilder b = KinesisClient.builder().region(Region.of(region))
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(20)).build());
        if (endpoint != null && !endpoint.isEmpty()) {
            System.setProperty("aws.cborEnabled", "false");
            b.endpointOverride(URI.create(endpoint))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
        } else {
            b.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return new SdkKinesis(b.build());
    }

    @Override
    public List<String> putRecords(String stream, List<Entry> entries) throws KinesisCallException {
        List<PutRecordsRequestEntry> records = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            records.add(PutRecordsRequestEntry.builder().partitionKey(e.partitionKey)
                    .data(SdkBytes.fromByteArrayUnsafe(e.data)).build());
        }
        PutRecordsRequest.Builder req = PutRecordsRequest.builder().records(records);
        if (stream.startsWith("arn:")) {
            req.streamARN(stream);
        } else {
            req.streamName(stream);
        }
        PutRecordsResponse resp;
        try {
            resp = client.putRecords(req.build());
        } catch (KinesisException e) {
            // Throttling and 5xx are worth another try; a missing stream or access denied is not.
            int status = e.statusCode();
            boolean retryable = e.isThrottlingException() || status >= 500
                    || "ProvisionedThroughputExceededException".equals(errorCode(e));
            throw new KinesisCallException("PutRecords to " + stream + " failed: " + errorCode(e) + " " + e.getMessage(),
                    retryable, e);
        } catch (SdkClientException e) {
            throw new KinesisCallException("PutRecords to " + stream + " failed: " + e.getMessage(), true, e);
        } catch (SdkException e) {
            throw new KinesisCallException("PutRecords to " + stream + " failed: " + e.getMessage(), e.retryable(), e);
        }
        List<String> out = new ArrayList<>(entries.size());
        for (PutRecordsResultEntry r : resp.records()) {
            out.add(r.errorCode());
        }
        return out;
    }

    private static String errorCode(KinesisException e) {
        return e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
    }

    @Override
    public void close() {
        client.close();
    }
}
