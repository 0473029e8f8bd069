#!/usr/bin/env python3
"""Writes the bundled demo recording (deterministic; re-run to regenerate).

Scenario: a web fleet of four instances behind an ALB target group, one minute per datapoint,
08:00-08:50 UTC. At 08:30 i-0a1b2c3d4e5f60718 fails its system status check; latency and 5xx
climb on the target group; an alarm fires, the instance stops, Auto Scaling replaces it at 08:40
with i-0f9e8d7c6b5a40312. Three deliberately broken lines show the dead-letter path.

Output: metrics.ndjson (metric-stream JSON, one datapoint per line) and events.ndjson (one
EventBridge event per line) under detector-job/src/test/resources/recordings/demo/.
"""
import json, math, os, random

OUT = os.path.join(os.path.dirname(__file__), "..", "detector-job", "src", "test", "resources", "recordings", "demo")
T0 = 1763798400000  # 2025-11-22T08:00:00Z
MIN = 60000
ACCT, REGION = "111122223333", "eu-west-1"
LB, TG = "app/web-alb/50dc6c495c0c9188", "targetgroup/web-tg/73e2d6bc24d8a067"
BAD, NEW = "i-0a1b2c3d4e5f60718", "i-0f9e8d7c6b5a40312"
FLEET = [BAD, "i-0b2c3d4e5f6071829", "i-0c3d4e5f607182930", "i-0d4e5f60718293041"]
AZ = {FLEET[0]: "eu-west-1a", FLEET[1]: "eu-west-1b", FLEET[2]: "eu-west-1c", FLEET[3]: "eu-west-1a", NEW: "eu-west-1a"}
rnd = random.Random(7)


def dp(ns, name, dims, ts, vals, unit):
    mx, mn, s, c = vals
    return {"metric_stream_name": "vigil-metrics", "account_id": ACCT, "region": REGION, "namespace": ns,
            "metric_name": name, "dimensions": dims, "timestamp": ts,
            "value": {"max": round(mx, 4), "min": round(mn, 4), "sum": round(s, 4), "count": c}, "unit": unit}


def single(v):
    return (v, v, v, 1.0)


lines = []
for m in range(50):
    ts = T0 + m * MIN
    alive = [i for i in FLEET if not (i == BAD and m >= 33)] + ([NEW] if m >= 42 else [])
    failing = 30 <= m < 33
    for inst in alive:
        cpu = 35 + 10 * math.sin(m / 9.0) + rnd.uniform(-3, 3)
        if inst == BAD and failing:
            cpu = 3.0
        lines.append(dp("AWS/EC2", "CPUUtilization", {"InstanceId": inst}, ts, (cpu + 4, cpu - 4, cpu * 4, 4.0), "Percent"))
        sys_fail = 1.0 if inst == BAD and failing else 0.0
        lines.append(dp("AWS/EC2", "StatusCheckFailed_System", {"InstanceId": inst}, ts, single(sys_fail), "Count"))
        lines.append(dp("AWS/EC2", "StatusCheckFailed_Instance", {"InstanceId": inst}, ts, single(0.0), "Count"))
    requests = 1500 + rnd.randint(-100, 100)
    degraded = 30 <= m < 36
    rt = (0.9 if degraded else 0.08) + rnd.uniform(-0.01, 0.01)
    lines.append(dp("AWS/ApplicationELB", "TargetResponseTime", {"LoadBalancer": LB, "TargetGroup": TG}, ts,
                    (rt * 6, 0.004, rt * requests, float(requests)), "Seconds"))
    lines.append(dp("AWS/ApplicationELB", "RequestCount", {"LoadBalancer": LB, "TargetGroup": TG}, ts,
                    (requests / 4, requests / 4, float(requests), 4.0), "Count"))
    if degraded:
        errors = requests * 0.2
        lines.append(dp("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", {"LoadBalancer": LB, "TargetGroup": TG}, ts,
                        (errors / 2, 0.0, errors, 4.0), "Count"))
    unhealthy = 1.0 if 31 <= m < 42 else 0.0
    lines.append(dp("AWS/ApplicationELB", "UnHealthyHostCount", {"LoadBalancer": LB, "TargetGroup": TG}, ts,
                    single(unhealthy), "Count"))
    lines.append(dp("AWS/AutoScaling", "GroupInServiceInstances", {"AutoScalingGroupName": "web-asg"}, ts,
                    single(float(len([i for i in alive if not (i == BAD and m >= 31)]))), "None"))
    lines.append(dp("AWS/AutoScaling", "GroupDesiredCapacity", {"AutoScalingGroupName": "web-asg"}, ts,
                    single(4.0), "None"))

text = [json.dumps(l, separators=(",", ":")) for l in lines]
# Three broken lines, as a relay might deliver them: NaN, truncated JSON, a missing metric name.
text.insert(40, text[0].replace('"max":', '"max":NaN,"was":'))
text.insert(90, text[1][: len(text[1]) // 2])
text.insert(140, text[2].replace('"metric_name":"StatusCheckFailed_Instance",', ""))


def event(eid, dtype, src, t, resources, detail):
    return {"version": "0", "id": eid, "detail-type": dtype, "source": src, "account": ACCT,
            "time": t, "region": REGION, "resources": resources, "detail": detail}


events = [
    event("c4c1c1c9-6542-e61b-6ef0-8c4d36933a92", "CloudWatch Alarm State Change", "aws.cloudwatch", "2025-11-22T08:32:00Z",
          ["arn:aws:cloudwatch:eu-west-1:111122223333:alarm:web-" + BAD + "-status"],
          {"alarmName": "web-" + BAD + "-status", "state": {"value": "ALARM", "reason": "Threshold Crossed"},
           "previousState": {"value": "OK"}, "configuration": {"metrics": [{"id": "m1", "metricStat": {
               "metric": {"namespace": "AWS/EC2", "name": "StatusCheckFailed_System", "dimensions": {"InstanceId": BAD}},
               "period": 60, "stat": "Maximum"}, "returnData": True}]}}),
    event("ee376907-2647-4179-9203-343cfb3017a4", "EC2 Instance State-change Notification", "aws.ec2", "2025-11-22T08:33:07Z",
          ["arn:aws:ec2:eu-west-1:111122223333:instance/" + BAD], {"instance-id": BAD, "state": "stopped"}),
    event("3e3c153a-8339-4e30-8c35-687ebef853fe", "EC2 Instance Terminate Successful", "aws.autoscaling", "2025-11-22T08:40:55Z",
          ["arn:aws:autoscaling:eu-west-1:111122223333:autoScalingGroup:59fe4dd8:autoScalingGroupName/web-asg",
           "arn:aws:ec2:eu-west-1:111122223333:instance/" + BAD],
          {"StatusCode": "InProgress", "AutoScalingGroupName": "web-asg", "EC2InstanceId": BAD,
           "Details": {"Availability Zone": "eu-west-1a"}}),
    event("5d2a6c1e-0b7f-4a51-9d3b-2f6c8e1a9b40", "EC2 Instance Launch Successful", "aws.autoscaling", "2025-11-22T08:41:30Z",
          ["arn:aws:autoscaling:eu-west-1:111122223333:autoScalingGroup:59fe4dd8:autoScalingGroupName/web-asg",
           "arn:aws:ec2:eu-west-1:111122223333:instance/" + NEW],
          {"StatusCode": "Successful", "AutoScalingGroupName": "web-asg", "EC2InstanceId": NEW,
           "Details": {"Availability Zone": "eu-west-1a"}}),
]
os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "metrics.ndjson"), "w") as f:
    f.write("\n".join(text) + "\n")
with open(os.path.join(OUT, "events.ndjson"), "w") as f:
    f.write("\n".join(json.dumps(e, separators=(",", ":")) for e in events) + "\n")
print(f"{len(text)} metric lines, {len(events)} events -> {os.path.normpath(OUT)}")
