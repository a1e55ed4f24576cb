import { CfnResource, Stack } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';

/**
 * CloudFormation's resource limit, checked before aws-cdk-lib's own check (which fails with a
 * count by type only) so the error names the caches and the ways out. The limit is the stack's
 * (`@aws-cdk/core:stackResourceLimit`, default 500: "Resources: 500 per template", CloudFormation
 * quotas, cloudformation-limits.html).
 */
class StackResourceBudget extends Construct {
  public static of(cache: IConstruct): StackResourceBudget {
    const stack = Stack.of(cache);
    const id = 'CdkElastiCacheResourceBudget';
    return (stack.node.tryFindChild(id) as StackResourceBudget | undefined) ?? new StackResourceBudget(stack, id);
  }

  private readonly caches: IConstruct[] = [];

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.node.addValidation({ validate: () => this.check() });
  }

  public add(cache: IConstruct): void {
    this.caches.push(cache);
  }

  private check(): string[] {
    const stack = Stack.of(this);
    const total = resourcesIn(stack, stack);
    const limit = Number(stack.node.tryGetContext('@aws-cdk/core:stackResourceLimit') ?? 500);
    // 0 turns aws-cdk-lib's check off; this one follows.
    if (limit <= 0 || total <= limit) return [];
    const perCache = this.caches.map((c) => `${c.node.path} (${resourcesIn(c, stack)})`).join(', ');
    return [`The stack has ${total} resources, over CloudFormation's ${limit} per template. `
      + `Its ${this.caches.length} caches make: ${perCache}. Ways out: keep one alarm topic for the stack (leave monitoring.alarmTopic unset, `
      + 'or give every cache the same) and alarmScope: CacheAlarmScope.FLEET (the default), so caches with the same thresholds share '
      + 'one set of alarms; turn off alarms you do not need (monitoring.alarms); or put some caches in another stack.'];
  }
}

/** Checks at synth that the cache's stack stays within CloudFormation's resource limit. */
export function guardStackResourceBudget(cache: IConstruct): void {
  StackResourceBudget.of(cache).add(cache);
}

/** CloudFormation resources under `root` that the template of `stack` holds (not those of nested stacks). */
function resourcesIn(root: IConstruct, stack: Stack): number {
  return root.node.findAll().filter((c) => CfnResource.isCfnResource(c) && Stack.of(c) === stack).length;
}
