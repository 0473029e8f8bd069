package dev.vigil.detector.live;

import dev.vigil.common.aws.AwsClients;
import dev.vigil.common.config.AwsSettings;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import javax.annotation.Nullable;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * The live rules object in S3 ({@code s3://bucket/key}), read with GetObject only (the template
 * grants {@code s3:GetObject} on that object and nothing else). A conditional GET
 * ({@code If-None-Match} the last ETag) makes an unchanged poll a 304 without a body.
 */
public final class S3RulesObjects implements RulesObjects {
    private final String location;
    private final String bucket;
    private final String key;
    private final S3Client s3;

    S3RulesObjects(String location, S3Client s3) {
        this.location = location;
        String[] bk = bucketAndKey(location);
        this.bucket = bk[0];
        this.key = bk[1];
        this.s3 = s3;
    }

    /** {@code s3://bucket/key} split; anything else fails naming what was expected. */
    public static String[] bucketAndKey(String location) {
        if (location == null || !location.startsWith("s3://")) {
            throw new IllegalArgumentException("expected s3://bucket/key, got " + location);
        }
        String rest = location.substring("s3://".length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("expected s3://bucket/key, got " + location);
        }
        return new String[] {rest.substring(0, slash), rest.substring(slash + 1)};
    }

    @Override
    public Optional<RulesUpdate> fetchIfChanged(@Nullable String lastTag) throws IOException {
        GetObjectRequest.Builder req = GetObjectRequest.builder().bucket(bucket).key(key);
        if (lastTag != null) {
            req.ifNoneMatch(lastTag);
        }
        ResponseBytes<GetObjectResponse> got;
        try {
            got = s3.getObjectAsBytes(req.build());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 304) {
                return Optional.empty();
            }
            throw new IOException("GetObject " + location + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IOException("GetObject " + location + ": " + e, e);
        }
        String tag = got.response().eTag();
        if (tag == null || tag.equals(lastTag)) {
            // (an emulator that ignores If-None-Match answers 200 with the same ETag)
            return Optional.empty();
        }
        return Optional.of(new RulesUpdate(location, tag, System.currentTimeMillis(), got.asByteArray()));
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public void close() {
        s3.close();
    }

    /** The job's region, endpoint and credentials ({@code Aws} group), so an emulator's endpoint reaches it too. */
    public static final class Factory implements RulesObjects.Factory {
        private static final long serialVersionUID = 1L;
        private final String location;
        private final AwsSettings aws;

        public Factory(String location, AwsSettings aws) {
            bucketAndKey(location);
            this.location = location;
            this.aws = aws;
        }

        @Override
        public RulesObjects create() {
            AwsClients clients = aws.clients(aws.region).forLookups(Duration.ofSeconds(5), Duration.ofSeconds(20));
            // Path-style against an emulator's endpoint: bucket.host would not resolve.
            return new S3RulesObjects(location, clients.build(S3Client.builder().forcePathStyle(aws.endpoint != null)));
        }

        @Override
        public String location() {
            return location;
        }
    }
}
