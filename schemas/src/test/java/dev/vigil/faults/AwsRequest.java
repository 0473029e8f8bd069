package dev.vigil.faults;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an SDK request asks of AWS, read the way AWS itself routes it: the service from the SigV4
 * credential scope ({@code Credential=KEY/DATE/REGION/SERVICE/aws4_request}, e.g. {@code kinesis},
 * {@code dynamodb}, {@code ec2}, {@code autoscaling}, {@code elasticloadbalancing},
 * {@code route53}), the operation from {@code X-Amz-Target} (JSON protocol), {@code Action=}
 * (query protocol) or the method and path (REST: Route 53), and so the wire protocol an error
 * must be written in for the SDK to read it.
 */
public final class AwsRequest {
    /** How the service encodes requests and errors. */
    public enum Protocol { JSON, QUERY, EC2, REST_XML, REST_JSON }

    private static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/[^/]+/[^/]+/([^/]+)/aws4_request");
    private static final Pattern ACTION = Pattern.compile("(?:^|&)Action=([^&]+)");
    private static final Pattern VERSION = Pattern.compile("(?:^|&)Version=([^&]+)");
    private static final String R53 = "/2013-04-01/";

    private final String service;
    private final String operation;
    private final Protocol protocol;
    private final HttpMessage http;

    private AwsRequest(String service, String operation, Protocol protocol, HttpMessage http) {
        this.service = service;
        this.operation = operation;
        this.protocol = protocol;
        this.http = http;
    }

    static AwsRequest of(HttpMessage http) {
        String service = "";
        String auth = http.header("Authorization");
        if (auth != null) {
            Matcher m = SCOPE.matcher(auth);
            if (m.find()) {
                service = m.group(1);
            }
        }
        String target = http.header("X-Amz-Target");
        if (target != null) {
            return new AwsRequest(service, target.substring(target.indexOf('.') + 1), Protocol.JSON, http);
        }
        String action = formValue(ACTION, http.bodyText());
        if (action == null) {
            action = formValue(ACTION, http.query());
        }
        if (action != null) {
            return new AwsRequest(service, action, service.equals("ec2") ? Protocol.EC2 : Protocol.QUERY, http);
        }
        if (service.equals("route53")) {
            return new AwsRequest(service, route53(http.method(), http.path()), Protocol.REST_XML, http);
        }
        return new AwsRequest(service, http.method() + " " + http.path(), Protocol.REST_JSON, http);
    }

    /** The SigV4 signing name, lower case: {@code kinesis}, {@code dynamodb}, {@code ec2}, ... */
    public String service() {
        return service;
    }

    /** The API operation: {@code GetRecords}, {@code PutItem}, {@code TerminateInstanceInAutoScalingGroup}, ... */
    public String operation() {
        return operation;
    }

    public Protocol protocol() {
        return protocol;
    }

    /** The request body as text (JSON or form parameters). */
    public String body() {
        return http.bodyText();
    }

    /** The query protocol's API version (for the error's XML namespace), or null. */
    String apiVersion() {
        return formValue(VERSION, http.bodyText());
    }

    HttpMessage http() {
        return http;
    }

    /** Route 53's REST paths as its operation names (only those Vigil calls, else METHOD path). */
    private static String route53(String method, String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (p.startsWith(R53 + "hostedzone/") && p.endsWith("/rrset")) {
            return method.equals("POST") ? "ChangeResourceRecordSets" : "ListResourceRecordSets";
        }
        if (p.equals(R53 + "hostedzone")) {
            return method.equals("POST") ? "CreateHostedZone" : "ListHostedZones";
        }
        if (p.startsWith(R53 + "hostedzone/")) {
            return "GetHostedZone";
        }
        if (p.startsWith(R53 + "change/")) {
            return "GetChange";
        }
        return method + " " + path;
    }

    private static String formValue(Pattern p, String form) {
        Matcher m = p.matcher(form);
        return m.find() ? URLDecoder.decode(m.group(1), StandardCharsets.UTF_8) : null;
    }

    @Override
    public String toString() {
        return service + " " + operation + " (" + protocol.name().toLowerCase(Locale.ROOT) + ")";
    }
}
