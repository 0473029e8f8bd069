package dev.vigil.schemas;

/** What an item of evidence comes from. Append new constants at the end: serialized state stores the ordinal. */
public enum EvidenceKind {
    METRIC,
    EVENT,
    CORRELATION
}
