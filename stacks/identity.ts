import { CognitoUserPool } from '@cdktf/provider-aws/lib/cognito-user-pool/index.js';
import { CognitoUserPoolClient } from '@cdktf/provider-aws/lib/cognito-user-pool-client/index.js';
import { CognitoUserPoolDomain } from '@cdktf/provider-aws/lib/cognito-user-pool-domain/index.js';
import { CognitoUserGroup } from '@cdktf/provider-aws/lib/cognito-user-group/index.js';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { ROLE_GROUPS, ROLES, type Role } from '../api/roles.js';

export interface IdentityProps {
  /** Name prefix of every resource. */
  readonly prefix: string;
  /** The hosted UI's domain prefix (`<prefix>.auth.<region>.amazoncognito.com`): unique in the region. */
  readonly domainPrefix: string;
  readonly region: string;
  /**
   * Where the hosted UI may send users back: the console's origin(s), e.g. https://d123.cloudfront.net/.
   * The console's own URL is usually added later with allowCallbacks (it depends on the API, which depends on this).
   */
  readonly callbackUrls?: readonly string[];
  /** Minutes an access/ID token lives. Default 60. */
  readonly tokenValidityMinutes?: number;
}

/**
 * Who may use the console and the API: a Cognito user pool where only administrators create users
 * (no self sign-up), with a strict password policy and TOTP MFA, and one public app client for the
 * console's hosted-UI sign-in (authorization code with PKCE; no client secret in a browser app).
 */
export class Identity extends Construct {
  readonly userPool: CognitoUserPool;
  readonly client: CognitoUserPoolClient;
  readonly domain: CognitoUserPoolDomain;
  /** One group per console role (api/roles.ts): a user's role is their highest group; no group is read-only. */
  readonly groups: Readonly<Record<Role, CognitoUserGroup>>;
  /** The JWT issuer the API's authorizer and the app check. */
  readonly issuer: string;
  /** The hosted UI's base URL. */
  readonly hostedUiUrl: string;

  constructor(scope: Construct, id: string, props: IdentityProps) {
    super(scope, id);
    // A token (e.g. `<prefix>-<account id>`) resolves at apply time: only literal values are checked here.
    if (!Token.isUnresolved(props.domainPrefix) && !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(props.domainPrefix) || props.domainPrefix.includes('cognito') || props.domainPrefix.includes('aws')) {
      throw new Error(`Identity domainPrefix "${props.domainPrefix}": lowercase letters, digits and hyphens, not containing "aws" or "cognito"`);
    }
    const validity = props.tokenValidityMinutes ?? 60;
    if (validity < 5 || validity > 1440) throw new Error(`Identity tokenValidityMinutes ${validity}: between 5 and 1440`);

    this.userPool = new CognitoUserPool(this, 'users', {
      name: `${props.prefix}-users`,
      usernameAttributes: ['email'],
      autoVerifiedAttributes: ['email'],
      adminCreateUserConfig: { allowAdminCreateUserOnly: true },
      passwordPolicy: {
        minimumLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireNumbers: true,
        requireSymbols: true,
        temporaryPasswordValidityDays: 3,
      },
      mfaConfiguration: 'OPTIONAL',
      softwareTokenMfaConfiguration: { enabled: true },
      accountRecoverySetting: { recoveryMechanism: [{ name: 'verified_email', priority: 1 }] },
      deletionProtection: 'ACTIVE',
    });

    const descriptions: Record<Role, string> = {
      admin: 'Console admins: everything, including users, sources, cloud accounts, destinations and remediation',
      analyst: 'Console analysts: read everything, triage alerts, write detections, run queries, suppress and dry-run remediations',
      'read-only': 'Console read-only users: read everything and run queries',
    };
    this.groups = Object.fromEntries(
      ROLES.map((role) => [
        role,
        // Precedence only orders the cognito:preferred_role claim (no IAM roles here): the highest role first.
        new CognitoUserGroup(this, `group-${role}`, { userPoolId: this.userPool.id, name: ROLE_GROUPS[role], description: descriptions[role], precedence: ROLES.length - 1 - ROLES.indexOf(role) }),
      ]),
    ) as Record<Role, CognitoUserGroup>;

    this.domain = new CognitoUserPoolDomain(this, 'domain', { domain: props.domainPrefix, userPoolId: this.userPool.id });

    this.client = new CognitoUserPoolClient(this, 'console', {
      name: `${props.prefix}-console`,
      userPoolId: this.userPool.id,
      generateSecret: false,
      allowedOauthFlowsUserPoolClient: true,
      allowedOauthFlows: ['code'],
      allowedOauthScopes: ['openid', 'email', 'profile'],
      supportedIdentityProviders: ['COGNITO'],
      // Only the hosted UI signs in; no password auth flows straight against the API.
      explicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      preventUserExistenceErrors: 'ENABLED',
      enableTokenRevocation: true,
      accessTokenValidity: validity,
      idTokenValidity: validity,
      refreshTokenValidity: 12,
      tokenValidityUnits: [{ accessToken: 'minutes', idToken: 'minutes', refreshToken: 'hours' }],
    });

    this.allowCallbacks(props.callbackUrls ?? []);
    this.issuer = `https://cognito-idp.${props.region}.amazonaws.com/${this.userPool.id}`;
    this.hostedUiUrl = `https://${props.domainPrefix}.auth.${props.region}.amazoncognito.com`;
  }

  private callbacks: string[] = [];

  /** Adds URLs the hosted UI may return to (and sign out to). Cognito admits http only for localhost. */
  allowCallbacks(urls: readonly string[]): void {
    for (const u of urls) {
      if (!/^https:\/\//.test(u) && !/^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\//.test(u)) {
        throw new Error(`Identity callback URL "${u}": https required (http only for localhost)`);
      }
    }
    this.callbacks = [...new Set([...this.callbacks, ...urls])];
    if (this.callbacks.length > 0) {
      this.client.callbackUrls = [...this.callbacks];
      this.client.logoutUrls = [...this.callbacks];
    }
  }
}
