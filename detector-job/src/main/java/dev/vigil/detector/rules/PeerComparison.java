package dev.vigil.detector.rules;

import java.io.Serializable;
import java.util.Objects;

/**
 * What a peer rule compares: which dimension names a member and which its group, the side a member
 * must depart to, and how far from the group's median (ratio and MAD band, both) with how many
 * peers reporting. Immutable; validated by {@link RuleBuilder#build()}.
 */
public final class PeerComparison implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String memberDimension;
    private final String groupDimension;
    private final PeerDirection direction;
    private final int minPeers;
    private final double ratio;
    private final double madK;
    private final double minValue;

    PeerComparison(String memberDimension, String groupDimension, PeerDirection direction, int minPeers, double ratio,
                   double madK, double minValue) {
        this.memberDimension = memberDimension;
        this.groupDimension = groupDimension;
        this.direction = direction;
        this.minPeers = minPeers;
        this.ratio = ratio;
        this.madK = madK;
        this.minValue = minValue;
    }

    /** The dimension naming a member, e.g. InstanceId. */
    public String memberDimension() {
        return memberDimension;
    }

    /** The dimension naming the group, e.g. AutoScalingGroupName; null = the member's fleet in the topology snapshot. */
    public String groupDimension() {
        return groupDimension;
    }

    public PeerDirection direction() {
        return direction;
    }

    /** Other members that must report in the same minute for it to be judged. */
    public int minPeers() {
        return minPeers;
    }

    /** HIGH: value ≥ ratio × median; LOW: value ≤ median / ratio. 1 = only the MAD band counts. */
    public double ratio() {
        return ratio;
    }

    /** Width of the band around the median in robust standard deviations (1.4826 × MAD). */
    public double madK() {
        return madK;
    }

    /** A HIGH outlier must also be at least this (an idle fleet's noise is no impairment); NaN = no floor. */
    public double minValue() {
        return minValue;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PeerComparison)) {
            return false;
        }
        PeerComparison p = (PeerComparison) o;
        return minPeers == p.minPeers && Double.compare(ratio, p.ratio) == 0 && Double.compare(madK, p.madK) == 0
                && Double.compare(minValue, p.minValue) == 0 && memberDimension.equals(p.memberDimension)
                && Objects.equals(groupDimension, p.groupDimension) && direction == p.direction;
    }

    @Override
    public int hashCode() {
        return Objects.hash(memberDimension, groupDimension, direction);
    }

    @Override
    public String toString() {
        return memberDimension + " vs " + (groupDimension == null ? "topology fleet" : groupDimension) + " " + direction
                + " ratio " + ratio + " madK " + madK;
    }
}
