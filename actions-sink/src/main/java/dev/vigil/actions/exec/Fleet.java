package dev.vigil.actions.exec;

import javax.annotation.Nullable;

/** The EC2 and Auto Scaling calls instance and capacity actions need. */
public interface Fleet {
    /** The EC2 state name ({@code running}, {@code shutting-down}, ...), or null when EC2 does not know it. */
    @Nullable
    String instanceState(String instanceId);

    /** The instance's state and status checks, or null when EC2 does not know it. */
    @Nullable
    InstanceHealth health(String instanceId);

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

    /**
     * What EC2 says of an instance now: its state ({@code running}, {@code stopped}, ...) and its two
     * status checks ({@code ok}, {@code impaired}, {@code initializing}, {@code insufficient-data},
     * {@code not-applicable}), as {@code DescribeInstanceStatus} gives them.
     */
    final class InstanceHealth {
        public final String state;
        public final String systemStatus;
        public final String instanceStatus;

        public InstanceHealth(String state, String systemStatus, String instanceStatus) {
            this.state = state;
            this.systemStatus = systemStatus;
            this.instanceStatus = instanceStatus;
        }

        /** The instance is not running, or a status check fails: something an impairment can be about. */
        public boolean impaired() {
            return !"running".equals(state) || "impaired".equals(systemStatus) || "impaired".equals(instanceStatus);
        }

        @Override
        public String toString() {
            return state + ", system status check " + systemStatus + ", instance status check " + instanceStatus;
        }
    }

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
