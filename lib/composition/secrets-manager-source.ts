// SecretSource on AWS Secrets Manager through Powertools Parameters: one GetSecretValue per
// secret per container, cached for five minutes (a rotated secret is picked up without a deploy).
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import type { SecretSource } from './secrets';

const MAX_AGE_S = 300;

export const secretsManagerSource: SecretSource = {
  async read(arn) {
    const value = await getSecret(arn, { maxAge: MAX_AGE_S });
    if (typeof value !== 'string' || value === '') throw new Error(`secret ${arn} has no string value`);
    return value;
  },
};
