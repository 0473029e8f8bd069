package dev.vigil.detector.golden;

import dev.vigil.detector.rules.RuleSet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The golden rules file as an operator would edit it between two runs: a rule removed, renamed,
 * a key set to another value. Edits the YAML text, so what is tested is a file the job reads.
 */
final class EditedRules {
    private String yaml;

    private EditedRules(String yaml) {
        this.yaml = yaml;
    }

    static EditedRules golden() {
        try (InputStream in = EditedRules.class.getResourceAsStream("/golden/v1/rules.yaml")) {
            return new EditedRules(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    EditedRules remove(String id) {
        int[] b = block(id);
        yaml = yaml.substring(0, b[0]) + yaml.substring(b[1]);
        return this;
    }

    EditedRules rename(String id, String newId) {
        int[] b = block(id);
        yaml = yaml.substring(0, b[0]) + yaml.substring(b[0], b[1]).replace("- id: " + id + "\n", "- id: " + newId + "\n")
                + yaml.substring(b[1]);
        return this;
    }

    /** Sets {@code key} of rule {@code id} (replacing the line if it has one); {@code value} is YAML. */
    EditedRules set(String id, String key, String value) {
        int[] b = block(id);
        String rule = yaml.substring(b[0], b[1]);
        String line = "    " + key + ": " + value + "\n";
        int at = rule.indexOf("\n    " + key + ":");
        if (at >= 0) {
            int end = rule.indexOf('\n', at + 1);
            rule = rule.substring(0, at + 1) + line + rule.substring(end + 1);
        } else {
            int end = rule.indexOf('\n', rule.indexOf("- id: ")) + 1;
            rule = rule.substring(0, end) + line + rule.substring(end);
        }
        yaml = yaml.substring(0, b[0]) + rule + yaml.substring(b[1]);
        return this;
    }

    String yaml() {
        return yaml;
    }

    RuleSet ruleSet(Path dir, String name) {
        return RuleSet.load(write(dir, name).toString());
    }

    Path write(Path dir, String name) {
        try {
            return Files.writeString(dir.resolve(name), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Start (the rule's "- id:" line) and end (the next rule, the peer section or the end) of a rule. */
    private int[] block(String id) {
        int start = yaml.indexOf("  - id: " + id + "\n");
        if (start < 0) {
            throw new IllegalArgumentException("no rule " + id);
        }
        int end = yaml.length();
        for (String next : new String[] {"\n  - id: ", "\n  # ", "\npeerOutliers:"}) {
            int at = yaml.indexOf(next, start + 1);
            if (at >= 0 && at + 1 < end) {
                end = at + 1;
            }
        }
        return new int[] {start, end};
    }
}
