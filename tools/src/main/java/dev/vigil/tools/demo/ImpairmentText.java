package dev.vigil.tools.demo;

import dev.vigil.schemas.Evidence;
import dev.vigil.schemas.Impairment;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/** One readable line per impairment record, for the demos. */
public final class ImpairmentText {
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private ImpairmentText() {}

    public static String line(Impairment i) {
        Set<String> causes = new LinkedHashSet<>();
        for (Evidence e : i.getEvidence()) {
            causes.add(e.getRuleId() != null ? e.getRuleId() : e.getEventSource() + ":" + e.getEventStatus());
        }
        StringBuilder sb = new StringBuilder()
                .append(String.format("%-8s", i.getState())).append(' ')
                .append(String.format("%-8s", i.getSeverity())).append(' ')
                .append(i.getType()).append(' ').append(i.getResourceId())
                .append("  first breach ").append(HMS.format(Instant.ofEpochMilli(i.getFirstBreachTime())))
                .append(", detected ").append(HMS.format(Instant.ofEpochMilli(i.getDetectionTime())));
        if (i.getResolvedTime() != null) {
            sb.append(", resolved ").append(HMS.format(Instant.ofEpochMilli(i.getResolvedTime())));
        }
        sb.append("  causes ").append(causes).append("  actions ").append(Arrays.toString(i.getRecommendedActions()));
        if (i.getAwsRecovering().length > 0) {
            sb.append("  AWS recovering ").append(Arrays.toString(i.getAwsRecovering()));
        }
        return sb
                .append("  id ").append(i.getId()).append(" rev ").append(i.getRevision()).toString();
    }
}
