// The stateful stack: the table follows lib/store/table-design.ts exactly, and what protects
// the data (PITR, deletion protection, RETAIN) differs per stage as intended.
import { beforeAll, describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { createTableInput, TABLE_DESIGN } from '../../lib/store/table-design';
import { only, synthBroker, type SynthesizedBroker } from '../support/cdk-app';

const byName = <T extends { AttributeName?: string; IndexName?: string }>(a: T, b: T) =>
  String(a.AttributeName ?? a.IndexName).localeCompare(String(b.AttributeName ?? b.IndexName));

describe('stateful stack', () => {
  let dev: SynthesizedBroker;
  let prod: SynthesizedBroker;
  beforeAll(() => {
    dev = synthBroker('dev');
    prod = synthBroker('prod');
  });

  it('builds key schema, attributes and GSIs from TABLE_DESIGN (same as the local bootstrap)', () => {
    const expected = createTableInput('any');
    const table = only(dev.stateful, 'AWS::DynamoDB::GlobalTable').Properties;
    expect(table.KeySchema).toEqual(expected.KeySchema);
    expect([...table.AttributeDefinitions].sort(byName)).toEqual([...expected.AttributeDefinitions!].sort(byName));
    expect([...table.GlobalSecondaryIndexes].sort(byName)).toEqual([...expected.GlobalSecondaryIndexes!].sort(byName));
    expect(table.GlobalSecondaryIndexes).toHaveLength(TABLE_DESIGN.globalIndexes.length);
  });

  it.each(['dev', 'prod'] as const)('%s: on demand, PITR, TTL on the design attribute, KMS server-side encryption', (stage) => {
    const template = (stage === 'dev' ? dev : prod).stateful;
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: TABLE_DESIGN.ttlAttribute, Enabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
  });

  it('prod: table retained on delete and replace, deletion protection on', () => {
    prod.stateful.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })] }),
    });
    expect(Object.values(prod.stateful.findResources('AWS::SecretsManager::Secret')).map((r) => r.DeletionPolicy)).toEqual(['Retain', 'Retain']);
  });

  it('dev: table destroyed with the stack, no deletion protection', () => {
    dev.stateful.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ Replicas: [Match.objectLike({ DeletionProtectionEnabled: false })] }),
    });
  });

  it('generates the bootstrap operator key and the session secret in Secrets Manager (no value in the template)', () => {
    const secrets = Object.values(dev.stateful.findResources('AWS::SecretsManager::Secret')).map((r) => r.Properties);
    expect(secrets.map((s) => s.GenerateSecretString.PasswordLength).sort()).toEqual([48, 64]);
    for (const secret of secrets) expect(secret.SecretString).toBeUndefined();
  });

  it('rejects an unknown stage', () => {
    expect(() => synthBroker('staging' as never)).toThrow(/unknown stage/);
  });
});
