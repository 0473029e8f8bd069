package dev.vigil.common.aws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.time.Duration;
import javax.annotation.Nullable;

/**
 * Configures SDK clients the same way for every service: region, credentials, an optional endpoint
 * (a local emulator), the URL-connection HTTP client, and no SDK retries, because
 * the actions sink's RetryPolicy retries with its own classification and budget and
 * two retry layers would multiply. {@link #forLookups} gives the variant for read-only lookups
 * nothing else retries (the detector's topology enrichment).
 */
public final class AwsClients {
    private final Region region;
    private final AwsCredentialsProvider credentials;
    @Nullable private final URI endpoint;
    private final boolean sdkRetries;
    private final Duration connectTimeout;
    private final Duration socketTimeout;
    private final Duration callTimeout;

    public AwsClients(Region region, AwsCredentialsProvider credentials, @Nullable URI endpoint) {
        this(region, credentials, endpoint, false, Duration.ofSeconds(5), Duration.ofSeconds(25), Duration.ofSeconds(30));
    }

    private AwsClients(Region region, AwsCredentialsProvider credentials, @Nullable URI endpoint, boolean sdkRetries,
                       Duration connectTimeout, Duration socketTimeout, Duration callTimeout) {
        this.region = region;
        this.credentials = credentials;
        this.endpoint = endpoint;
        this.sdkRetries = sdkRetries;
        this.connectTimeout = connectTimeout;
        this.socketTimeout = socketTimeout;
        this.callTimeout = callTimeout;
    }

    /**
     * The same region, credentials and endpoint for read-only lookups: the SDK's own retries (no
     * other layer retries them), within {@code callTimeout} per call, socket reads bounded by it too.
     */
    public AwsClients forLookups(Duration connectTimeout, Duration callTimeout) {
        return new AwsClients(region, credentials, endpoint, true, connectTimeout, callTimeout, callTimeout);
    }

    /**
     * The same clients with other timeouts: connecting, waiting for each read of the answer, and the
     * whole call. Tests make them short to see a slow AWS within seconds.
     */
    public AwsClients withTimeouts(Duration connect, Duration socket, Duration call) {
        return new AwsClients(region, credentials, endpoint, sdkRetries, connect, socket, call);
    }

    /** The default credential chain (MSF's service role), real endpoints. */
    public static AwsClients forRegion(String region) {
        return new AwsClients(Region.of(region), DefaultCredentialsProvider.builder().build(), null);
    }

    /** A local emulator: static dummy credentials, us-east-1. */
    public static AwsClients local(URI endpoint) {
        return new AwsClients(Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")), endpoint);
    }

    /** Applies the shared settings: {@code AwsClients.configure(Ec2Client.builder()).build()}. */
    public <B extends AwsClientBuilder<B, C>, C> B configure(B builder) {
        ClientOverrideConfiguration.Builder c = ClientOverrideConfiguration.builder().apiCallTimeout(callTimeout);
        if (!sdkRetries) {
            c.retryStrategy(AwsRetryStrategy.doNotRetry());
        }
        builder.region(region).credentialsProvider(credentials).overrideConfiguration(c.build());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }

    /** A client builder of a synchronous service with the shared settings and the URL-connection HTTP client. */
    public <B extends AwsClientBuilder<B, C> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C>
            C build(B builder) {
        configure(builder).httpClientBuilder(UrlConnectionHttpClient.builder()
                .connectionTimeout(connectTimeout).socketTimeout(socketTimeout));
        return builder.build();
    }
}
