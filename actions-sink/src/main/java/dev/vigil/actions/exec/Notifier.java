package dev.vigil.actions.exec;

import javax.annotation.Nullable;

/** Publishes a message for people (SNS). */
public interface Notifier {
    /**
     * Publishes; {@code deduplicationId} and {@code groupId} are used for FIFO topics (null for
     * standard ones). Returns the message id.
     */
    String publish(String topicArn, String subject, String message, @Nullable String deduplicationId,
                   @Nullable String groupId);
}
