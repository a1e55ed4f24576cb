import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/**
 * A grantee whose identity-side grants land in a customer-managed policy attached to a role,
 * instead of the role's inline default policy: cdk-nag's HIPAA, NIST and PCI packs flag inline
 * policies (IAMNoInlinePolicy). Resource-side grants (key policies) still name the role.
 */
export class ManagedPolicyGrantee implements iam.IGrantable, iam.IPrincipal {
  public readonly grantPrincipal: iam.IPrincipal = this;
  public readonly policy: iam.ManagedPolicy;
  public readonly assumeRoleAction: string;
  public readonly principalAccount?: string;

  constructor(scope: Construct, id: string, private readonly role: iam.IRole, description: string) {
    this.policy = new iam.ManagedPolicy(scope, id, { description, roles: [role] });
    this.assumeRoleAction = role.assumeRoleAction;
    this.principalAccount = role.principalAccount;
  }

  public get policyFragment(): iam.PrincipalPolicyFragment {
    return this.role.policyFragment;
  }

  public addToPolicy(statement: iam.PolicyStatement): boolean {
    return this.addToPrincipalPolicy(statement).statementAdded;
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    this.policy.addStatements(statement);
    return { statementAdded: true, policyDependable: this.policy };
  }
}

/** The role behind a grantee, when grants can be attached to it as a managed policy. */
export function roleOf(grantee: iam.IGrantable): iam.IRole | undefined {
  const principal = grantee.grantPrincipal as Partial<iam.IRole>;
  return typeof principal.roleArn === 'string' && typeof principal.roleName === 'string' && principal.node !== undefined
    ? principal as iam.IRole : undefined;
}
