package dev.vigil.actions.exec;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

import java.util.ArrayDeque;
import java.util.Deque;

/** Failures queued for a fake's next calls, to test classification and retries without Mockito. */
public final class Faults {
    private final Deque<RuntimeException> next = new ArrayDeque<>();

    /** An AWS error as the SDK raises it. */
    public static AwsServiceException aws(int status, String code) {
        return AwsServiceException.builder().statusCode(status).message(code + " (fake)")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " (fake)").build())
                .build();
    }

    /** The next {@code times} calls fail with {@code e}. */
    public Faults failNext(int times, RuntimeException e) {
        for (int i = 0; i < times; i++) {
            next.addLast(e);
        }
        return this;
    }

    /** Called by a fake at the start of each changing call. */
    public void check() {
        RuntimeException e = next.pollFirst();
        if (e != null) {
            throw e;
        }
    }
}
