package dev.vigil.detector.correlate;

import java.io.Serializable;

/**
 * When member impairments add up to a fleet or zone impairment, and when member actions are
 * withheld (fail open). Shares are impaired members over known members of the fleet or zone.
 */
public final class CorrelationConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double fleetOpenShare;
    private final double fleetRecoverShare;
    private final int fleetMinImpaired;
    private final double withholdShare;
    private final double zoneMinShare;
    private final double zonePeerRatio;
    private final double zoneRecoverShare;
    private final int zoneMinImpaired;

    /**
     * @param fleetOpenShare a fleet impairment opens above this share (REL07's example grades more
     *                       than half CRITICAL)
     * @param fleetRecoverShare ... and resolves at or below this one (hysteresis)
     * @param fleetMinImpaired and needs at least this many impaired members (one of two is not a fleet problem)
     * @param withholdShare above this share of a fleet impaired, destructive member actions are withheld
     * @param zoneMinShare a zone impairment needs at least this share of the zone's members impaired
     * @param zonePeerRatio ... while the same fleets' other zones stay at or below this fraction of that share
     * @param zoneRecoverShare ... and resolves when the zone's share falls below this one
     * @param zoneMinImpaired ... and needs at least this many impaired members in the zone
     */
    public CorrelationConfig(double fleetOpenShare, double fleetRecoverShare, int fleetMinImpaired, double withholdShare,
                             double zoneMinShare, double zonePeerRatio, double zoneRecoverShare, int zoneMinImpaired) {
        this.fleetOpenShare = share("fleet.open.share", fleetOpenShare);
        this.fleetRecoverShare = share("fleet.recover.share", fleetRecoverShare);
        if (fleetRecoverShare > fleetOpenShare) {
            throw new IllegalArgumentException("correlation.fleet.recover.share must not exceed fleet.open.share");
        }
        this.fleetMinImpaired = atLeastOne("fleet.min.impaired", fleetMinImpaired);
        this.withholdShare = share("withhold.share", withholdShare);
        this.zoneMinShare = share("zone.min.share", zoneMinShare);
        this.zonePeerRatio = share("zone.peer.ratio", zonePeerRatio);
        this.zoneRecoverShare = share("zone.recover.share", zoneRecoverShare);
        if (zoneRecoverShare > zoneMinShare) {
            throw new IllegalArgumentException("correlation.zone.recover.share must not exceed zone.min.share");
        }
        this.zoneMinImpaired = atLeastOne("zone.min.impaired", zoneMinImpaired);
    }

    /**
     * More than half a fleet opens a fleet impairment (at least 2 members), recovered at a quarter;
     * above 40 % impaired, member actions are withheld; a zone with at least 30 % of its members
     * impaired (at least 2) while the other zones of its fleets stay at a quarter of that or less
     * opens a zone impairment, recovered below 15 %.
     */
    public static CorrelationConfig defaults() {
        return new CorrelationConfig(0.5, 0.25, 2, 0.4, 0.3, 0.25, 0.15, 2);
    }

    private static double share(String key, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException("correlation." + key + ": expected a share in [0, 1], got " + v);
        }
        return v;
    }

    private static int atLeastOne(String key, int v) {
        if (v < 1) {
            throw new IllegalArgumentException("correlation." + key + ": expected >= 1, got " + v);
        }
        return v;
    }

    public double fleetOpenShare() {
        return fleetOpenShare;
    }

    public double fleetRecoverShare() {
        return fleetRecoverShare;
    }

    public int fleetMinImpaired() {
        return fleetMinImpaired;
    }

    public double withholdShare() {
        return withholdShare;
    }

    public double zoneMinShare() {
        return zoneMinShare;
    }

    public double zonePeerRatio() {
        return zonePeerRatio;
    }

    public double zoneRecoverShare() {
        return zoneRecoverShare;
    }

    public int zoneMinImpaired() {
        return zoneMinImpaired;
    }
}
