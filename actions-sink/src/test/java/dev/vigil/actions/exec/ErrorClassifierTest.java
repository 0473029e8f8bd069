package dev.vigil.actions.exec;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorClassifierTest {

    @Test
    void throttlingIsRetryableWhateverTheStatus() {
        assertThat(ErrorClassifier.classify(Faults.aws(400, "Throttling")).isRetryable()).isTrue();
        assertThat(ErrorClassifier.classify(Faults.aws(400, "RequestLimitExceeded")).isRetryable()).isTrue();
        assertThat(ErrorClassifier.classify(Faults.aws(400, "ProvisionedThroughputExceededException")).isRetryable())
                .isTrue();
        assertThat(ErrorClassifier.classify(Faults.aws(400, "PriorRequestNotComplete")).isRetryable()).isTrue();
        assertThat(ErrorClassifier.classify(Faults.aws(429, "Whatever")).isRetryable()).isTrue();
    }

    @Test
    void serverErrorsAreRetryable() {
        assertThat(ErrorClassifier.classify(Faults.aws(500, "InternalFailure")).isRetryable()).isTrue();
        assertThat(ErrorClassifier.classify(Faults.aws(503, "Unavailable")).isRetryable()).isTrue();
    }

    @Test
    void accessDeniedNotFoundAndValidationAreFinalAndKeepTheirCode() {
        ClassifiedError denied = ErrorClassifier.classify(Faults.aws(403, "AccessDenied"));
        assertThat(denied.getErrorClass()).isEqualTo(ErrorClass.FINAL);
        assertThat(denied.getCode()).isEqualTo("AccessDenied");
        assertThat(denied.getMessage()).contains("AccessDenied (fake)");
        assertThat(ErrorClassifier.classify(Faults.aws(400, "InvalidInstanceID.NotFound")).isRetryable()).isFalse();
        assertThat(ErrorClassifier.classify(Faults.aws(400, "ValidationError")).isRetryable()).isFalse();
        assertThat(ErrorClassifier.classify(Faults.aws(404, "NoSuchHostedZone")).isRetryable()).isFalse();
    }

    @Test
    void clientSideFailuresAreRetryableAndOurOwnKeepTheirClass() {
        assertThat(ErrorClassifier.classify(SdkClientException.create("connection reset")).getCode())
                .isEqualTo("ClientError");
        assertThat(ErrorClassifier.classify(SdkClientException.create("timeout")).isRetryable()).isTrue();
        // what the URL-connection client throws when the connection resets while the answer is read
        ClassifiedError reset = ErrorClassifier.classify(new UncheckedIOException(new SocketException("Connection reset")));
        assertThat(reset.isRetryable()).isTrue();
        assertThat(reset.getCode()).isEqualTo("ClientError");
        assertThat(reset.getMessage()).contains("Connection reset");
        ClassifiedError missing = ErrorClassifier.classify(ActionException.missingParameter("topicArn"));
        assertThat(missing.getCode()).isEqualTo("MissingParameter");
        assertThat(missing.isRetryable()).isFalse();
        assertThat(ErrorClassifier.classify(new IllegalStateException("bug")).getErrorClass())
                .isEqualTo(ErrorClass.FINAL);
    }

    @Test
    void refusalsCannotHaveTakenEffectButServerErrorsAndLostAnswersMay() {
        assertThat(ErrorClassifier.classify(Faults.aws(400, "Throttling")).mayHaveTakenEffect()).isFalse();
        assertThat(ErrorClassifier.classify(Faults.aws(503, "RequestLimitExceeded")).mayHaveTakenEffect()).isFalse();
        assertThat(ErrorClassifier.classify(Faults.aws(503, "HTTP503")).mayHaveTakenEffect()).isFalse();
        assertThat(ErrorClassifier.classify(Faults.aws(403, "AccessDenied")).mayHaveTakenEffect()).isFalse();
        assertThat(ErrorClassifier.classify(Faults.aws(500, "InternalFailure")).mayHaveTakenEffect()).isTrue();
        assertThat(ErrorClassifier.classify(Faults.aws(504, "HTTP504")).mayHaveTakenEffect()).isTrue();
        assertThat(ErrorClassifier.classify(new UncheckedIOException(new SocketException("Connection reset")))
                .mayHaveTakenEffect()).isTrue();
        ClassifiedError timeout = ErrorClassifier.classify(SdkClientException.builder().message("Read timed out")
                .cause(new SocketTimeoutException("Read timed out")).build());
        assertThat(timeout.getCode()).isEqualTo("ClientTimeout");
        assertThat(timeout.mayHaveTakenEffect()).isTrue();
        assertThat(ErrorClassifier.classify(SdkClientException.builder().message("refused")
                .cause(new ConnectException("Connection refused")).build()).mayHaveTakenEffect()).isFalse();
    }
}
