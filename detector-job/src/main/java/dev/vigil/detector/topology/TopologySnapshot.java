package dev.vigil.detector.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.schemas.Topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A topology snapshot file: where each resource sits, as exported from an inventory (or written
 * by hand for a replay or a test). Plain Java, loaded once per task.
 *
 * <pre>
 * {"resources": {
 *    "i-0a1b2c": {"availabilityZone": "us-east-1a", "autoScalingGroup": "web-asg",
 *                 "targetGroups": ["targetgroup/web-tg/6d0ecf831eec9f09"], "loadBalancer": "app/web-alb/50dc6c495c0c9188",
 *                 "tags": {"team": "web"}},
 *    ...}}
 * </pre>
 *
 * Fleet sizes per zone are counted from the file itself, so it should list every member of the
 * fleets it names, healthy ones too. Target groups may be written as ARNs or as the
 * {@code targetgroup/name/id} form CloudWatch uses in its TargetGroup dimension; both match. A
 * target group is known even without an entry of its own: its zone spread and load balancer
 * come from the members that name it.
 */
public final class TopologySnapshot {
    private final Map<String, Topology> resources;
    /** Fleet (group name or target group id) to members per zone. */
    private final Map<String, Map<String, Integer>> fleets;
    /** Target group id to its load balancer, from any member naming both. */
    private final Map<String, String> targetGroupBalancers;

    private TopologySnapshot(Map<String, Topology> resources) {
        this.resources = resources;
        this.fleets = new HashMap<>();
        this.targetGroupBalancers = new HashMap<>();
        for (Topology t : resources.values()) {
            String zone = t.getAvailabilityZone() == null ? "unknown" : t.getAvailabilityZone();
            if (t.getAutoScalingGroup() != null) {
                fleets.computeIfAbsent(t.getAutoScalingGroup(), k -> new TreeMap<>()).merge(zone, 1, Integer::sum);
            }
            for (String tg : t.getTargetGroups()) {
                fleets.computeIfAbsent(tg, k -> new TreeMap<>()).merge(zone, 1, Integer::sum);
                if (t.getLoadBalancer() != null) {
                    targetGroupBalancers.putIfAbsent(tg, t.getLoadBalancer());
                }
            }
        }
    }

    public static TopologySnapshot empty() {
        return new TopologySnapshot(Collections.emptyMap());
    }

    public static TopologySnapshot load(String path) {
        try {
            return parse(Files.readAllBytes(Path.of(path)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read topology snapshot " + path, e);
        }
    }

    public static TopologySnapshot parse(byte[] json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        JsonNode list = root == null ? null : root.get("resources");
        if (list == null || !list.isObject()) {
            throw new IOException("topology snapshot: expected an object {\"resources\": {id: {...}}}");
        }
        Map<String, Topology> resources = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = list.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode n = e.getValue();
            List<String> tgs = new ArrayList<>();
            n.path("targetGroups").forEach(tg -> tgs.add(targetGroupId(tg.asText())));
            Map<String, String> tags = new TreeMap<>();
            n.path("tags").fields().forEachRemaining(t -> tags.put(t.getKey(), t.getValue().asText()));
            resources.put(e.getKey(), new Topology(text(n, "availabilityZone"), text(n, "autoScalingGroup"),
                    tgs.toArray(new String[0]), loadBalancerId(text(n, "loadBalancer")), tags, null, true, null));
        }
        return new TopologySnapshot(resources);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /**
     * Where the resource sits with its fleet's zone spread filled in; null when the file does not
     * know it.
     */
    public Topology lookup(String resourceId) {
        Topology t = resources.get(resourceId);
        if (t == null) {
            String tg = targetGroupId(resourceId);
            Map<String, Integer> members = fleets.get(tg);
            if (members == null || !tg.startsWith("targetgroup/")) {
                return null;
            }
            return new Topology(null, null, new String[] {tg}, targetGroupBalancers.get(tg), null, members, true, null);
        }
        String fleet = t.fleet();
        return fleet == null ? t : new Topology(t.getAvailabilityZone(), t.getAutoScalingGroup(), t.getTargetGroups(),
                t.getLoadBalancer(), t.getTags(), fleets.get(fleet), true, null);
    }

    public int size() {
        return resources.size();
    }

    /**
     * The {@code targetgroup/name/id} form CloudWatch's TargetGroup dimension uses, from an ARN
     * ({@code arn:aws:elasticloadbalancing:region:account:targetgroup/name/id}) or that form itself.
     */
    public static String targetGroupId(String arnOrId) {
        int i = arnOrId.indexOf(":targetgroup/");
        return i < 0 ? arnOrId : arnOrId.substring(i + 1);
    }

    /** The {@code app/name/id} form of CloudWatch's LoadBalancer dimension, from an ARN or that form. */
    public static String loadBalancerId(String arnOrId) {
        if (arnOrId == null) {
            return null;
        }
        int i = arnOrId.indexOf(":loadbalancer/");
        return i < 0 ? arnOrId : arnOrId.substring(i + ":loadbalancer/".length());
    }
}
