#!/usr/bin/env python3
"""The stack's template for the local emulator (moto), used by scripts/deploy --endpoint.

moto's CloudFormation creates what it has models for (streams, table, roles, policies, rules,
topic, buckets, log groups, the Lambda function and its permission, the dashboard) and would
only warn and skip the rest; but a skipped resource still breaks every Ref/GetAtt/Sub naming it.
So the resources moto cannot create are removed here, each reference to one becomes the string
"emulator-skipped-<LogicalId>", outputs naming one are dropped, and the list goes to stderr.

Which types moto supports is asked of the installed moto (moto.cloudformation.parsing); without
it, the list below (moto 5.2.1, checked the same way) is used.
  usage: emulator-template.py IN.yaml OUT.yaml
"""
import contextlib
import io
import json
import sys

import yaml

# moto 5.2.1 has no CloudFormation model for these types.
UNSUPPORTED_FALLBACK = {
    "AWS::SNS::Subscription", "AWS::SecretsManager::Secret", "AWS::Logs::LogStream",
    "AWS::Logs::MetricFilter", "AWS::Lambda::Url", "AWS::KinesisFirehose::DeliveryStream",
    "AWS::CloudWatch::MetricStream", "AWS::KinesisAnalyticsV2::Application",
    "AWS::KinesisAnalyticsV2::ApplicationCloudWatchLoggingOption", "AWS::CloudWatch::Alarm",
}


def supported(resource_type):
    try:
        from moto.cloudformation.parsing import resource_class_from_type
    except Exception:  # moto not importable here: the emulator may run elsewhere
        return resource_type not in UNSUPPORTED_FALLBACK
    # moto prints its own note per unsupported type; this script says it once, with the resource.
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return resource_class_from_type(resource_type) is not None


def mentions(node, names):
    """Whether node references any of names through Ref, Fn::GetAtt or Fn::Sub."""
    found = set()

    def walk(n):
        if isinstance(n, dict):
            for k, v in n.items():
                if k == "Ref" and isinstance(v, str) and v in names:
                    found.add(v)
                elif k == "Fn::GetAtt":
                    target = v[0] if isinstance(v, list) else str(v).split(".")[0]
                    if target in names:
                        found.add(target)
                elif k == "Fn::Sub":
                    text = v[0] if isinstance(v, list) else v
                    for name in names:
                        if "${" + name + "}" in text or "${" + name + "." in text:
                            found.add(name)
                walk(v)
        elif isinstance(n, list):
            for v in n:
                walk(v)
    walk(node)
    return found


def replace(node, names):
    if isinstance(node, dict):
        if len(node) == 1:
            (k, v), = node.items()
            if k == "Ref" and isinstance(v, str) and v in names:
                return "emulator-skipped-" + v
            if k == "Fn::GetAtt":
                target = v[0] if isinstance(v, list) else str(v).split(".")[0]
                if target in names:
                    return "emulator-skipped-" + target
            if k == "Fn::Sub":
                text = v[0] if isinstance(v, list) else v
                for name in names:
                    text = text.replace("${" + name + "}", "emulator-skipped-" + name)
                    while "${" + name + "." in text:
                        start = text.index("${" + name + ".")
                        end = text.index("}", start)
                        text = text[:start] + "emulator-skipped-" + name + text[end + 1:]
                return {"Fn::Sub": [text, replace(v[1], names)] if isinstance(v, list) else text}
        return {k: replace(v, names) for k, v in node.items()}
    if isinstance(node, list):
        return [replace(v, names) for v in node]
    if isinstance(node, str) and "{{resolve:" in node:
        return "emulator-skipped-dynamic-reference"
    return node


def main(src, dst):
    with open(src) as f:
        template = yaml.safe_load(f)
    resources = template["Resources"]
    skipped = {name: r["Type"] for name, r in resources.items() if not supported(r["Type"])}
    for name in skipped:
        del resources[name]
    template["Resources"] = {name: replace(r, set(skipped)) for name, r in resources.items()}
    for name in list(template.get("Outputs", {})):
        if mentions(template["Outputs"][name], set(skipped)):
            del template["Outputs"][name]
    # CloudFormation dynamic references ({{resolve:...}}) name a skipped secret: placeholders too.
    template["Resources"] = replace(template["Resources"], set())
    for name, t in sorted(skipped.items()):
        print("warning: emulator: skipped %s (%s): moto's CloudFormation cannot create it" % (name, t),
              file=sys.stderr)
    with open(dst, "w") as f:
        json.dump(template, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
