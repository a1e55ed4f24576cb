import { Duration, SecretValue } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { AuthTokenOptions } from './authentication';

/** The JSON key of the token inside the secret. */
export const AUTH_TOKEN_KEY = 'token';

/** Properties of an {@link AuthTokenSecret}. */
export interface AuthTokenSecretProps extends AuthTokenOptions {
  /** Key for the generated secret when the options name none. */
  readonly defaultKey: kms.IKey;
  /** What the secret is for, shown in its description. */
  readonly description: string;
}

/**
 * The AUTH token of a replication group, kept in Secrets Manager.
 *
 * The template only holds a dynamic reference; CloudFormation resolves it at deploy time.
 */
export class AuthTokenSecret extends Construct {
  public readonly secret: secretsmanager.ISecret;
  /** True when this construct generated the secret (and so may rotate it). */
  public readonly generated: boolean;
  public readonly rotationInterval: Duration;

  constructor(scope: Construct, id: string, props: AuthTokenSecretProps) {
    super(scope, id);
    this.generated = props.secret === undefined;
    this.rotationInterval = props.rotationInterval ?? Duration.days(30);
    this.secret = props.secret ?? new secretsmanager.Secret(this, 'Secret', {
      description: props.description,
      encryptionKey: props.encryptionKey ?? props.defaultKey,
      generateSecretString: {
        // Alphanumerics are valid in every AUTH token; 64 characters is well inside 16-128.
        secretStringTemplate: '{}',
        generateStringKey: AUTH_TOKEN_KEY,
        passwordLength: 64,
        excludePunctuation: true,
        includeSpace: false,
      },
    });
  }

  /** The token as a dynamic reference, for the AuthToken property. */
  public get tokenValue(): SecretValue {
    return this.secret.secretValueFromJson(AUTH_TOKEN_KEY);
  }
}
