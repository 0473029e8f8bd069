package dev.vigil.actions.exec;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.io.IOException;
import java.io.UncheckedIOException;
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
            return new ClassifiedError(classify(e.statusCode(), code), code, message);
        }
        if (t instanceof SdkClientException || ioFailure(t)) {
            // No answer from AWS (connection refused or reset, timeout). The URL-connection client
            // lets a reset while the answer's body is read escape as an UncheckedIOException,
            // not wrapped: it is the same failure.
            return new ClassifiedError(ErrorClass.RETRYABLE, "ClientError", t.getMessage());
        }
        return new ClassifiedError(ErrorClass.FINAL, t.getClass().getSimpleName(), t.getMessage());
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
