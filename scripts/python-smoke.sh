#!/usr/bin/env bash
# Python smoke test (issue 13): the Python bindings generated from the .jsii manifest, installed
# with the jsii runtime and aws-cdk-lib into a fresh virtualenv, synthesize a default
# ReplicationGroup. Needs python3 with venv and PyPI (or the mirror pip is configured for), so it
# is not part of `npm test`: this repository's CI machine reaches only npm and Debian's packages.
#
#   npx projen compile && npm run smoke:python
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f .jsii ] || { echo "python-smoke: no .jsii manifest; build first (npx projen compile)" >&2; exit 2; }
cdk=$(node -p "require('./package.json').devDependencies['aws-cdk-lib'].replace(/^[^0-9]*/, '')")
constructs=$(node -p "require('./package.json').devDependencies.constructs.replace(/^[^0-9]*/, '')")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

npx jsii-pacmak --code-only --target python --outdir "$work/dist" >/dev/null
python3 -m venv "$work/venv"
py="$work/venv/bin/python"
if ! "$py" -m pip install --quiet "$work/dist/python" "aws-cdk-lib==$cdk" "constructs==$constructs" 2>"$work/pip.log"; then
  echo "python-smoke: cannot install the Python jsii runtime and aws-cdk-lib $cdk here:" >&2
  grep -m 3 -E "ERROR|No matching|Could not" "$work/pip.log" >&2 || tail -3 "$work/pip.log" >&2
  exit 2
fi

"$py" - <<'PY'
import aws_cdk as cdk
from aws_cdk import aws_ec2 as ec2
from cdk_elasticache import ReplicationGroup, CacheClientTarget

app = cdk.App()
stack = cdk.Stack(app, "Smoke", env=cdk.Environment(account="123456789012", region="eu-west-1"))
vpc = ec2.Vpc(stack, "Vpc", nat_gateways=0,
              subnet_configuration=[ec2.SubnetConfiguration(name="iso", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)])
cache = ReplicationGroup(stack, "Cache", vpc=vpc)
assert callable(CacheClientTarget.lambda_function)
template = app.synth().get_stack_by_name("Smoke").template
groups = [r for r in template["Resources"].values() if r["Type"] == "AWS::ElastiCache::ReplicationGroup"]
assert len(groups) == 1, groups
props = groups[0]["Properties"]
assert props["TransitEncryptionEnabled"] is True and props["AtRestEncryptionEnabled"] is True, props
print(f"python-smoke: OK, a default ReplicationGroup synthesized from Python ({props['Engine']}, {props['CacheNodeType']})")
PY
