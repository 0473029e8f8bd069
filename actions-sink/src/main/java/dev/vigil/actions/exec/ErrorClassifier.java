package dev.vigil.actions.exec;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * Sorts failures into {@link ErrorClass#RETRYABLE} and {@link ErrorClass#FINAL} explicitly, so that
 * a recovery action never hammers an API that said "access denied" and never gives up on one
 * that only said "slow down".
 */
public final class ErrorClassifier {
    /**
     * Codes that mean "try again later" although some services send them with a 400 status:
     * throttling under its many names, plus Route 53's and Auto Scaling's "another change is in
     * progress", which clear by themselves.
     */
    private static final Set<String> RETRYABLE_CODES = Collections.unmodifiableSet(new HashSet<>(Arrays.asList(
            "Throttling", "ThrottlingException", "ThrottledException", "RequestLimitExceeded",
            "TooManyRequestsException", "ProvisionedThroughputExceededException", "RequestThrottled",
            "RequestThrottledException", "SlowDown", "EC2ThrottledException", "BandwidthLimitExceeded",
            "TransactionInProgressException", "PriorRequestNotComplete", "ScalingActivityInProgress",
            "ResourceContention", "ServiceUnavailable", "InternalError", "InternalFailure",
            "RequestTimeout", "RequestTimeoutException")));

    /**
     * Retryable codes of failures that may come after the work was done: AWS's own internal errors
     * and timeouts. Every other retryable code is a refusal (throttled, busy, unavailable).
     */
    private static final Set<String> UNCERTAIN_CODES = Collections.unmodifiableSet(new HashSet<>(Arrays.asList(
            "InternalError", "InternalFailure", "InternalServerError", "ServerException", "RequestTimeout",
            "RequestTimeoutException")));

    private ErrorClassifier() {}

    public static ClassifiedError classify(Throwable t) {
        if (t instanceof ActionException) {
            ActionException a = (ActionException) t;
            return new ClassifiedError(a.getErrorClass(), a.getErrorCode(), a.getMessage());
        }
        if (t instanceof AwsServiceException) {
            AwsServiceException e = (AwsServiceException) t;
            String code = e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
                    ? e.awsErrorDetails().errorCode() : "HTTP" + e.statusCode();
            String message = e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                    ? e.awsErrorDetails().errorMessage() : e.getMessage();
            return new ClassifiedError(classify(e.statusCode(), code), code, message, uncertain(e.statusCode(), code));
        }
        if (t instanceof SdkClientException || ioFailure(t)) {
            // No answer from AWS (connection refused or reset, timeout). The URL-connection client
            // lets a reset while the answer's head is read escape as an UncheckedIOException,
            // not wrapped: it is the same failure. Unless the connection was never made, the
            // request may have reached AWS and been carried out.
            boolean timeout = causedBy(t, SocketTimeoutException.class) || causedBy(t, ApiCallTimeoutException.class)
                    || causedBy(t, ApiCallAttemptTimeoutException.class);
            boolean notSent = causedBy(t, ConnectException.class) || causedBy(t, UnknownHostException.class)
                    || causedBy(t, NoRouteToHostException.class);
            return new ClassifiedError(ErrorClass.RETRYABLE, timeout ? "ClientTimeout" : "ClientError", t.getMessage(),
                    !notSent);
        }
        return new ClassifiedError(ErrorClass.FINAL, t.getClass().getSimpleName(), t.getMessage());
    }

    /** A failure AWS may have answered after doing the work: a 5xx other than 503, or an internal error. */
    static boolean uncertain(int statusCode, String errorCode) {
        if (errorCode != null && UNCERTAIN_CODES.contains(errorCode)) {
            return true;
        }
        if (errorCode != null && RETRYABLE_CODES.contains(errorCode)) {
            return false;
        }
        return statusCode >= 500 && statusCode != 503;
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean ioFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException || c instanceof UncheckedIOException) {
                return true;
            }
        }
        return false;
    }

    /** The decision on status code and error code alone, for services that answer both. */
    public static ErrorClass classify(int statusCode, String errorCode) {
        if (errorCode != null && RETRYABLE_CODES.contains(errorCode)) {
            return ErrorClass.RETRYABLE;
        }
        if (statusCode == 429 || statusCode >= 500) {
            return ErrorClass.RETRYABLE;
        }
        return ErrorClass.FINAL;
    }
}
