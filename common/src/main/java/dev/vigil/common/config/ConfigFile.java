package dev.vigil.common.config;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local config file, {@code {"Group": {"key": "value", ...}, ...}}: the shape of MSF's runtime
 * property groups, read by {@code DetectorJob --config}, {@code ActionsJob --config} and
 * {@code scripts/replay --config}. Anything else fails naming the file and what it should look
 * like, rather than being half read (a nested object or a {@code name=value} line would otherwise
 * end up as an empty or mistyped value).
 */
public final class ConfigFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code Group.key=value} or {@code Group.key: value}, as in a Java properties file. */
    private static final Pattern PROPERTY_LINE = Pattern.compile("^\\s*([A-Za-z][\\w-]*)\\.([\\w.-]+)\\s*[=:]");

    private ConfigFile() {}

    /** {@code --config FILE} reads the groups from a local JSON file; otherwise they are MSF's runtime properties. */
    public static Map<String, Properties> groups(String[] args) throws IOException {
        for (int i = 0; i + 1 < args.length; i++) {
            if ("--config".equals(args[i])) {
                return read(Path.of(args[i + 1]));
            }
        }
        return KinesisAnalyticsRuntime.getApplicationProperties();
    }

    public static Map<String, Properties> read(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    /** The groups in {@code bytes}; {@code file} names them in messages. */
    public static Map<String, Properties> parse(byte[] bytes, String file) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            String key = propertiesKey(new String(bytes, StandardCharsets.UTF_8));
            if (key != null) {
                throw new ConfigGroups.ConfigException(file + ": a name=value properties file (it sets " + key
                        + "), but a job config file is JSON property groups: " + example(key));
            }
            throw new ConfigGroups.ConfigException(file + ": not JSON (" + (e instanceof JsonProcessingException
                    ? ((JsonProcessingException) e).getOriginalMessage() : e.getMessage())
                    + "); a job config file is JSON property groups, e.g. " + example("Detector.rules.location"));
        }
        if (root == null || !root.isObject()) {
            throw new ConfigGroups.ConfigException(file + ": expected a JSON object of property groups, e.g. "
                    + example("Detector.rules.location") + ", got " + (root == null ? "nothing" : root.getNodeType()));
        }
        Map<String, Properties> groups = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> group = it.next();
            if (!group.getValue().isObject()) {
                throw new ConfigGroups.ConfigException(file + ": group " + group.getKey()
                        + " must be an object of \"key\": \"value\" pairs, got " + group.getValue().getNodeType());
            }
            Properties p = new Properties();
            for (Iterator<Map.Entry<String, JsonNode>> e = group.getValue().fields(); e.hasNext(); ) {
                Map.Entry<String, JsonNode> kv = e.next();
                if (!kv.getValue().isValueNode() || kv.getValue().isNull()) {
                    // MSF property values are strings; a nested object would read as an empty value.
                    throw new ConfigGroups.ConfigException(file + ": " + group.getKey() + "." + kv.getKey()
                            + " must be a string, number or boolean, got " + kv.getValue().getNodeType());
                }
                p.setProperty(kv.getKey(), kv.getValue().asText());
            }
            groups.put(group.getKey(), p);
        }
        return groups;
    }

    /**
     * The first {@code Group.key} a properties-style text sets where the group is one of the
     * config's, or null. Used to tell a job-config key in the wrong format from other text.
     */
    public static String propertiesKey(String text) {
        for (String line : text.split("\r?\n")) {
            Matcher m = PROPERTY_LINE.matcher(line);
            if (m.find() && ConfigKeys.groups().contains(m.group(1))) {
                return m.group(1) + "." + m.group(2);
            }
        }
        return null;
    }

    /** {@code {"Detector": {"rules.location": "..."}}} for {@code Detector.rules.location}. */
    public static String example(String groupDotKey) {
        int dot = groupDotKey.indexOf('.');
        return "{\"" + groupDotKey.substring(0, dot) + "\": {\"" + groupDotKey.substring(dot + 1) + "\": \"...\"}}";
    }
}
