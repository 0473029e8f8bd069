package dev.vigil.common.config;

import dev.vigil.common.aws.AwsClients;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import javax.annotation.Nullable;
import java.io.Serializable;
import java.net.URI;
import java.util.Properties;

/**
 * The {@code Aws} group both jobs read: the region their streams are in, an optional endpoint (a
 * local emulator) and how they authenticate. Serializable, so functions build their SDK clients
 * from it on the task managers.
 */
public final class AwsSettings implements Serializable {
    private static final long serialVersionUID = 1L;
    static final String G = "Aws";

    /** How the clients authenticate. AUTO is the default chain (the MSF application role). */
    public enum Credentials { AUTO, BASIC }

    public final String region;
    @Nullable public final String endpoint;
    public final Credentials credentials;
    @Nullable public final String accessKeyId;
    @Nullable public final String secretAccessKey;

    private AwsSettings(ConfigGroups g) {
        region = g.required(G, "region", "an AWS region such as eu-west-1");
        endpoint = g.string(G, "endpoint", null);
        credentials = g.choice(G, "credentials.provider", Credentials.class, Credentials.AUTO);
        accessKeyId = g.string(G, "access.key.id", null);
        secretAccessKey = g.string(G, "secret.access.key", null);
        if (credentials == Credentials.BASIC && (accessKeyId == null || secretAccessKey == null)) {
            throw new ConfigGroups.ConfigException(G, "access.key.id",
                    "access.key.id and secret.access.key when credentials.provider is BASIC", null);
        }
    }

    public static AwsSettings of(ConfigGroups g) {
        return new AwsSettings(g);
    }

    /** The access key when the credentials are given (BASIC), else null: the default chain. */
    @Nullable
    public String basicAccessKeyId() {
        return credentials == Credentials.BASIC ? accessKeyId : null;
    }

    @Nullable
    public String basicSecretAccessKey() {
        return credentials == Credentials.BASIC ? secretAccessKey : null;
    }

    /** SDK clients with these credentials and endpoint in {@code clientRegion}. */
    public AwsClients clients(String clientRegion) {
        return new AwsClients(Region.of(clientRegion), credentials == Credentials.BASIC
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey))
                : DefaultCredentialsProvider.builder().build(), endpoint == null ? null : URI.create(endpoint));
    }

    /** The Kinesis connector's client settings (region, endpoint, credentials) as its properties. */
    public Properties connectorProperties() {
        Properties p = new Properties();
        p.setProperty("aws.region", region);
        if (endpoint != null) {
            p.setProperty("aws.endpoint", endpoint);
        }
        if (credentials == Credentials.BASIC) {
            p.setProperty("aws.credentials.provider", "BASIC");
            p.setProperty("aws.credentials.provider.basic.accesskeyid", accessKeyId);
            p.setProperty("aws.credentials.provider.basic.secretkey", secretAccessKey);
        }
        return p;
    }

    /** The connector's sink settings: the client's, over HTTP/1.1 where a local emulator (moto) is the endpoint. */
    public Properties sinkProperties() {
        Properties p = connectorProperties();
        if (endpoint != null) {
            // Local emulators (moto) speak HTTP/1.1 only; AWS itself takes HTTP/2.
            p.setProperty("aws.http.protocol.version", "HTTP1_1");
        }
        return p;
    }

    /**
     * Before any Kinesis client is made in this JVM: a local emulator (moto) cannot read the CBOR
     * encoding the Kinesis SDK uses by default, so with an endpoint the SDK is told to send JSON.
     */
    public void prepareProcess() {
        if (endpoint != null) {
            System.setProperty("aws.cborEnabled", "false");
        }
    }
}
