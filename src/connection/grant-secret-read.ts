import { Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ManagedPolicyGrantee } from './managed-policy-grantee';

/**
 * Grants reading a secret. In the secret's own stack this is `secret.grantRead()`. For a principal
 * in another stack of the same account, everything goes on the principal's side: editing the key
 * policy would make the cache's stack name the principal, while the principal's stack already
 * depends on the cache's (its endpoint), a cycle. The key policy need not name it: an account's
 * IAM policies may grant use of a key whose policy trusts the account (the default `kms.Key` policy).
 */
export function grantSecretRead(secret: secretsmanager.ISecret, grantee: iam.IGrantable): iam.Grant {
  const key = secret.encryptionKey;
  if (!key || !inOtherStackOfSameAccount(grantee, Stack.of(key))) return secret.grantRead(grantee);
  const read = iam.Grant.addToPrincipal({
    grantee,
    actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
    // A partial ARN (imported by name) matches the secret only with the six random characters.
    resourceArns: [secret.secretFullArn ?? `${secret.secretArn}-??????`],
  });
  const decrypt = iam.Grant.addToPrincipal({
    grantee,
    actions: ['kms:Decrypt'],
    resourceArns: [key.keyArn],
    conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(secret).region}.amazonaws.com` } },
  });
  return read.combine(decrypt);
}

/** The stack the grantee's policies go to, when it is a construct (or a managed policy of one). */
export function principalStack(grantee: iam.IGrantable): Stack | undefined {
  const principal = grantee.grantPrincipal;
  if (principal instanceof ManagedPolicyGrantee) return Stack.of(principal.policy);
  return Construct.isConstruct(principal) ? Stack.of(principal) : undefined;
}

function inOtherStackOfSameAccount(grantee: iam.IGrantable, stack: Stack): boolean {
  const other = principalStack(grantee);
  if (!other || other === stack) return false;
  // Another account needs the key policy: an identity policy alone cannot open a key across accounts.
  const account = grantee.grantPrincipal.principalAccount;
  return account === undefined || Token.compareStrings(account, stack.account) !== TokenComparison.DIFFERENT;
}
