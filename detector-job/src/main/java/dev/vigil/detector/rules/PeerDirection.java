package dev.vigil.detector.rules;

/** Which side of its peers a member must depart to: latency and errors only matter HIGH, throughput LOW. */
public enum PeerDirection {
    HIGH,
    LOW,
    BOTH
}
