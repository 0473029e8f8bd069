package dev.vigil.detector.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.common.config.Nearest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * A rules file ({@code Detector.rules.location}: {@code classpath:...} or a file path; YAML, or
 * JSON by a {@code .json} extension), the one reader of rules, read and validated once, at start, on
 * the client. Its {@code rules:} list holds threshold, anomaly and peer rules (by {@code detector});
 * its {@code peerOutliers:} list holds peer rules without saying so, as files have since peer rules
 * came; the two forms of a peer rule read the same. Serializable, so the parsed rules travel to the
 * operators with their own serialised form: a bad file fails the submission, and no TaskManager
 * reads the file (it may not even have it).
 */
public final class RulesFile implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String CLASSPATH = "classpath:";
    public static final String RULES_KEY = "rules";
    public static final String PEERS_KEY = "peerOutliers";
    /** Optional: the file's own version, a positive integer, shown as the {@code vigil.rulesVersion} gauge. */
    public static final String VERSION_KEY = "version";
    /** The top-level keys; anything else is a typo that would silently drop a list of rules. */
    static final List<String> TOP_LEVEL_KEYS = Collections.unmodifiableList(Arrays.asList(RULES_KEY, PEERS_KEY, VERSION_KEY));

    private final String location;
    private final RuleSet rules;
    private final RuleSet peers;
    private final long version;

    private RulesFile(String location, RuleSet rules, RuleSet peers, long version) {
        this.location = location;
        this.rules = rules;
        this.peers = peers;
        this.version = version;
    }

    /** Reads and validates the file; every failure names the file, and within it the rule and key. */
    public static RulesFile load(String location) {
        try (InputStream in = open(location)) {
            return parse(in, location);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rules from " + location, e);
        }
    }

    /** Parses a stream; {@code sourceName} picks the format (.json = JSON) and prefixes error messages. */
    public static RulesFile parse(InputStream in, String sourceName) throws IOException {
        JsonNode root = tree(in, sourceName);
        JsonNode listed = root == null ? null : root.get(RULES_KEY);
        JsonNode peerList = root == null ? null : root.get(PEERS_KEY);
        boolean hasRules = listed != null && !listed.isNull();
        boolean hasPeers = peerList != null && !peerList.isNull();
        if (!hasRules && !hasPeers) {
            throw new RuleValidationException(sourceName + ": expected a top-level '" + RULES_KEY + "' list");
        }
        List<Rule> series = new ArrayList<>();
        List<Rule> peer = new ArrayList<>();
        try {
            if (hasRules) {
                if (!listed.isArray()) {
                    throw new RuleValidationException("expected a top-level '" + RULES_KEY + "' list");
                }
                int i = 0;
                for (JsonNode n : listed) {
                    Rule r = RuleParser.parse(n, i++);
                    (r.isPeer() ? peer : series).add(r);
                }
            }
            checkTopLevel(root);
            if (hasPeers) {
                if (!peerList.isArray()) {
                    throw new RuleValidationException("expected '" + PEERS_KEY + "' to be a list, got " + peerList);
                }
                int i = 0;
                for (JsonNode n : peerList) {
                    peer.add(RuleParser.parsePeer(n, i++));
                }
            }
            RuleSet seriesRules = RuleSet.of(series);
            RuleSet peerRules = RuleSet.of(peer);
            for (Rule p : peerRules.rules()) {
                if (seriesRules.get(p.id()) != null) {
                    throw RuleValidationException.of(p.kind(), p.id(), "id",
                            "a unique id (ids are part of impairment ids)", "a duplicate");
                }
            }
            return new RulesFile(sourceName, seriesRules, peerRules, version(root));
        } catch (RuleValidationException e) {
            throw new RuleValidationException(sourceName + ": " + e.getMessage(), e);
        }
    }

    private static InputStream open(String location) throws IOException {
        if (location.startsWith(CLASSPATH)) {
            String resource = location.substring(CLASSPATH.length());
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            InputStream in = (cl != null ? cl : RulesFile.class.getClassLoader()).getResourceAsStream(resource);
            if (in == null) {
                throw new RuleValidationException("rules file not found on the classpath: " + resource);
            }
            return in;
        }
        return Files.newInputStream(Paths.get(location));
    }

    /** The file's tree; a syntax error names the file and the format expected. */
    private static JsonNode tree(InputStream in, String sourceName) throws IOException {
        boolean json = sourceName.endsWith(".json");
        ObjectMapper mapper = json ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
        try {
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new RuleValidationException(sourceName + ": not valid " + (json ? "JSON" : "YAML") + ": "
                    + e.getMessage(), e);
        }
    }

    /** The optional {@code version:}: a whole number from 1 (0 when the file has none). */
    private static long version(JsonNode root) {
        JsonNode v = root.get(VERSION_KEY);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.canConvertToExactIntegral() || !v.canConvertToLong() || v.asLong() < 1) {
            throw new RuleValidationException("top-level key '" + VERSION_KEY + "': expected a whole number >= 1, got " + v);
        }
        return v.asLong();
    }

    /** Fails on a top-level key other than {@code rules}, {@code peerOutliers} and {@code version}, naming the nearest. */
    private static void checkTopLevel(JsonNode root) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!TOP_LEVEL_KEYS.contains(key)) {
                throw new RuleValidationException("top-level key '" + key + "': unknown key"
                        + Nearest.didYouMean(key, TOP_LEVEL_KEYS) + "; the top-level keys are " + TOP_LEVEL_KEYS);
            }
        }
    }

    /** The file's {@code version:}, or 0 when it has none. */
    public long version() {
        return version;
    }

    /** Where the rules came from, as configured. */
    public String location() {
        return location;
    }

    /** The threshold and anomaly rules: one series per resource each. */
    public RuleSet rules() {
        return rules;
    }

    /** The peer rules, from either list. */
    public RuleSet peers() {
        return peers;
    }
}
