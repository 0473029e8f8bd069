package dev.vigil.actions.exec;

import javax.annotation.Nullable;

/** The EC2 and Auto Scaling calls instance and capacity actions need. */
public interface Fleet {
    /** The EC2 state name ({@code running}, {@code shutting-down}, ...), or null when EC2 does not know it. */
    @Nullable
    String instanceState(String instanceId);

    /** The Auto Scaling group the instance belongs to, or null when none. */
    @Nullable
    String groupOf(String instanceId);

    /** Terminates through the group without lowering desired capacity, so the group replaces it. */
    void terminateInGroup(String instanceId);

    void reboot(String instanceId);

    /** The group's current sizes, or null when it does not exist. */
    @Nullable
    GroupSize group(String groupName);

    /** Sets an absolute desired capacity (repeatable, unlike "add N"). */
    void setDesiredCapacity(String groupName, int desired);

    /** Desired, minimum and maximum capacity of an Auto Scaling group. */
    final class GroupSize {
        public final int desired;
        public final int min;
        public final int max;

        public GroupSize(int desired, int min, int max) {
            this.desired = desired;
            this.min = min;
            this.max = max;
        }
    }
}
