package dev.vigil.common.config;

import java.util.Collection;
import java.util.Locale;

/**
 * The known name closest to a misspelt one, by edit distance, so an error can say what was
 * probably meant ({@code Detector.rule.location} → {@code Detector.rules.location}). Shared by the
 * config readers, the rules file and the plans file of both jobs.
 */
public final class Nearest {
    private Nearest() {}

    /** The known name with the smallest edit distance to {@code name} (ties: the first), or null if none. */
    public static String to(String name, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String n = name.toLowerCase(Locale.ROOT);
        for (String k : known) {
            int d = distance(n, k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }

    /** {@code " (did you mean 'X'?)"}, or nothing when there is no known name. */
    public static String didYouMean(String name, Collection<String> known) {
        String n = to(name, known);
        return n == null ? "" : " (did you mean '" + n + "'?)";
    }

    /** Levenshtein distance: insertions, deletions and substitutions each cost one. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
