package dev.vigil.detector.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.common.config.Nearest;
import dev.vigil.detector.peer.PeerRules;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * A rules file ({@code Detector.rules.location}: {@code classpath:...} or a file path; YAML, or
 * JSON by a {@code .json} extension), read and validated once, at start, on the client: its
 * {@code rules:} ({@link RuleSet}) and {@code peerOutliers:} ({@link PeerRules}). Serializable, so
 * the parsed rules travel to the operators with their own serialised form: a bad file fails the
 * submission, and no TaskManager reads the file (it may not even have it).
 */
public final class RulesFile implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String CLASSPATH = "classpath:";
    /** The top-level keys; anything else is a typo that would silently drop a list of rules. */
    static final List<String> TOP_LEVEL_KEYS = Collections.unmodifiableList(Arrays.asList("rules", PeerRules.KEY));

    private final String location;
    private final RuleSet rules;
    private final PeerRules peers;

    private RulesFile(String location, RuleSet rules, PeerRules peers) {
        this.location = location;
        this.rules = rules;
        this.peers = peers;
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
        RuleSet rules = RuleSet.fromTree(root, sourceName);
        checkTopLevel(root, sourceName);
        return new RulesFile(sourceName, rules, PeerRules.fromTree(root, sourceName));
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
    public static JsonNode tree(InputStream in, String sourceName) throws IOException {
        boolean json = sourceName.endsWith(".json");
        ObjectMapper mapper = json ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
        try {
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new RuleValidationException(sourceName + ": not valid " + (json ? "JSON" : "YAML") + ": "
                    + e.getMessage(), e);
        }
    }

    /** Fails on a top-level key other than {@code rules} and {@code peerOutliers}, naming the nearest. */
    public static void checkTopLevel(JsonNode root, String sourceName) {
        if (root == null || !root.isObject()) {
            return; // the lists' own checks say what is expected
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!TOP_LEVEL_KEYS.contains(key)) {
                throw new RuleValidationException(sourceName + ": top-level key '" + key + "': unknown key"
                        + Nearest.didYouMean(key, TOP_LEVEL_KEYS) + "; the top-level keys are " + TOP_LEVEL_KEYS);
            }
        }
    }

    /** Where the rules came from, as configured. */
    public String location() {
        return location;
    }

    public RuleSet rules() {
        return rules;
    }

    public PeerRules peers() {
        return peers;
    }
}
