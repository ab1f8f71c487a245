import { afterAll, describe, expect, it } from 'vitest';
import { createTestRuntime } from 'mvi/testing';
import { model } from '../../playground/model.ts';
import { modelV2 } from '../../playground/model-v2.ts';

describe('playground iris model 2.0.0, the shadow of 1.0.0', () => {
  const v1 = createTestRuntime(model);
  const v2 = createTestRuntime(modelV2);
  afterAll(async () => {
    await v1.close();
    await v2.close();
  });

  it('agrees with 1.0.0 on clear flowers', async () => {
    const flower = { sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 };
    expect(await v2.invoke('predict', flower)).toEqual(await v1.invoke('predict', flower));
    expect((await v2.invoke('predict', flower)).label).toBe('setosa');
  });

  it('answers uncertain near a class border, where 1.0.0 names a class', async () => {
    const flower = { sepal_length: 6.9, sepal_width: 3.1, petal_length: 4.9, petal_width: 1.5 };
    expect((await v1.invoke('predict', flower)).label).toBe('versicolor');
    expect((await v2.invoke('predict', flower)).label).toBe('uncertain');
    expect(modelV2.description).toMatchObject({ name: 'iris', version: '2.0.0' });
  });
});
