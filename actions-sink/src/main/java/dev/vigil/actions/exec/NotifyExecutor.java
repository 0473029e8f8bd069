package dev.vigil.actions.exec;

import dev.vigil.schemas.ActionType;
import dev.vigil.schemas.RecoveryAction;

import javax.annotation.Nullable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.Set;

/**
 * NOTIFY publishes to {@code topicArn}. The message is the action's {@code message} parameter or
 * its reason. FIFO topics get a deduplication id derived from the action id, so SNS itself drops a
 * repeat within its five-minute window.
 */
public final class NotifyExecutor implements ActionExecutor {
    private final Notifier notifier;
    @Nullable private final String defaultTopicArn;

    public NotifyExecutor(Notifier notifier) {
        this(notifier, null);
    }

    /** {@code defaultTopicArn}: where to publish when the action names no topic (no tag on the resource). */
    public NotifyExecutor(Notifier notifier, @Nullable String defaultTopicArn) {
        this.notifier = notifier;
        this.defaultTopicArn = defaultTopicArn;
    }

    @Override
    public Set<ActionType> types() {
        return EnumSet.of(ActionType.NOTIFY);
    }

    @Override
    public void validate(RecoveryAction action) {
        topic(action);
    }

    private String topic(RecoveryAction action) {
        String topic = Params.optional(action, "topicArn");
        if (topic == null) {
            topic = defaultTopicArn;
        }
        if (topic == null) {
            throw Params.missing(action, "topicArn");
        }
        return topic;
    }

    @Override
    public String execute(RecoveryAction action) {
        String topic = topic(action);
        String message = Params.orDefault(action, "message",
                action.getReason() == null ? "Vigil action " + action.getActionId() : action.getReason());
        String subject = Params.orDefault(action, "subject", "Vigil: " + action.getResourceId());
        if (subject.length() > 100) {
            subject = subject.substring(0, 100); // SNS rejects longer subjects
        }
        boolean fifo = topic.endsWith(".fifo");
        String id = notifier.publish(topic, subject, message + "\n\naction " + action.getActionId(),
                fifo ? sha256(action.getActionId()) : null, fifo ? sha256(action.getImpairmentId()) : null);
        return "published to " + topic + " (message " + id + ")";
    }

    /** A notification leaves no state to check; a repeated message is better than a lost one. */
    @Override
    public Verification verify(RecoveryAction action) {
        return Verification.NOT_DONE;
    }

    static String sha256(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            for (byte b : d) {
                sb.append(String.format("%02x", b));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
