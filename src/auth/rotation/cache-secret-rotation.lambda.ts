/**
 * The Secrets Manager rotation function of a stack's ElastiCache secrets, one per stack and VPC
 * placement (rotation-host.ts): AUTH tokens of replication groups (auth-token-steps.ts) and passwords
 * of ElastiCache users (user-password-steps.ts). Which one a secret is comes from its tags, written
 * by the construct that made it: `cdk-elasticache:user-id` marks a user password, and
 * `cdk-elasticache:replication-group-id` an AUTH token. DescribeSecret returns the tags without
 * decrypting anything, and the steps read them anyway.
 *
 * Environment: see the two step files (all optional).
 */
import { AUTH_TOKEN_ROTATION, GROUP_ID_TAG } from './auth-token-steps';
import { chooseRotation } from './rotation-steps';
import { USER_ID_TAG, USER_PASSWORD_ROTATION } from './user-password-steps';

export const handler = chooseRotation([AUTH_TOKEN_ROTATION, USER_PASSWORD_ROTATION], (metadata, secretId) => {
  const tags = new Set((metadata.Tags ?? []).map((t) => t.Key));
  if (tags.has(USER_ID_TAG)) return USER_PASSWORD_ROTATION;
  // REPLICATION_GROUP_ID names the group of a token secret made without the tag.
  if (tags.has(GROUP_ID_TAG) || process.env.REPLICATION_GROUP_ID) return AUTH_TOKEN_ROTATION;
  throw new Error(`Secret ${secretId} is neither a user password (no ${USER_ID_TAG} tag) nor an AUTH token `
    + `(no ${GROUP_ID_TAG} tag, and REPLICATION_GROUP_ID is not set): this function does not know how to rotate it`);
});
