package dev.vigil.actions.exec;

import javax.annotation.Nullable;

/** The ELBv2 and ARC zonal shift calls traffic redirection needs. */
public interface Traffic {
    /** The target's health state in the group ({@code healthy}, {@code draining}, ...), or null when not registered. */
    @Nullable
    String targetState(String targetGroupArn, String targetId);

    void deregister(String targetGroupArn, String targetId);

    /** StartZonalShift away from {@code zone} for {@code expiresIn} (e.g. {@code 1h}). */
    void startZonalShift(String resourceArn, String zone, String expiresIn, String comment);

    /** Whether an active zonal shift already moves the resource's traffic away from {@code zone}. */
    boolean zonalShiftActive(String resourceArn, String zone);
}
