package dev.vigil.actions.exec;

import java.util.ArrayList;
import java.util.List;

/** Keeps every published message. */
public final class InMemoryNotifier implements Notifier {
    public final Faults faults = new Faults();
    public final List<String> messages = new ArrayList<>();
    public final List<String> deduplicationIds = new ArrayList<>();

    @Override
    public String publish(String topicArn, String subject, String message, String deduplicationId, String groupId) {
        faults.check();
        messages.add(topicArn + " | " + subject + " | " + message);
        deduplicationIds.add(deduplicationId);
        return "msg-" + messages.size();
    }
}
