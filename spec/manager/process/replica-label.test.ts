import { describe, expect, it } from 'vitest';
import { replicaLabel } from '../../../lib/manager/process/replica-label.ts';

describe('replicaLabel', () => {
  it('names a version of one replica by name and version', () => {
    expect(replicaLabel('dice', '1.0.0')).toBe('dice 1.0.0');
    expect(replicaLabel('dice', '1.0.0', 0, 1)).toBe('dice 1.0.0');
  });

  it('names which replica it is when the version runs more than one', () => {
    expect(replicaLabel('dice', '1.0.0', 0, 2)).toBe('dice 1.0.0 replica 0');
    expect(replicaLabel('dice', '1.0.0', 1, 2)).toBe('dice 1.0.0 replica 1');
  });
});
