package dev.vigil.detector.series;

/** What became of a datapoint offered to a series. */
public enum Placement {
    /** In its open period (or carried nothing for the rule's statistic, which changes nothing either). */
    ACCEPTED,
    /** The same datapoint (timestamp and statistics) was already counted: dropped, not counted twice. */
    DUPLICATE,
    /** Its period was already evaluated: the caller dead-letters it as {@code late}. */
    LATE,
    /**
     * Its resource is gone (an instance Auto Scaling terminated) and this is one of its last
     * datapoints, come after the termination: dropped and counted, it would start the gone
     * instance afresh and could open an impairment nothing would resolve.
     */
    GONE
}
