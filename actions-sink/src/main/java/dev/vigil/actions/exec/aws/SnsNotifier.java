package dev.vigil.actions.exec.aws;

import dev.vigil.actions.exec.Notifier;
import software.amazon.awssdk.services.sns.SnsClient;

import javax.annotation.Nullable;

/** {@link Notifier} on SNS. */
public final class SnsNotifier implements Notifier {
    private final SnsClient sns;

    public SnsNotifier(SnsClient sns) {
        this.sns = sns;
    }

    @Override
    public String publish(String topicArn, String subject, String message, @Nullable String deduplicationId,
                          @Nullable String groupId) {
        return sns.publish(b -> b.topicArn(topicArn).subject(subject).message(message)
                .messageDeduplicationId(deduplicationId).messageGroupId(groupId)).messageId();
    }
}
