import { afterAll, describe, expect, it } from 'vitest';
import { createTestRuntime } from 'mvi/testing';
import { model } from '../../playground/model.ts';

describe('playground iris model', () => {
  const rt = createTestRuntime(model, { now: Date.UTC(2026, 0, 1) });
  afterAll(() => rt.close());

  it.each([
    [{ sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 }, 'setosa'],
    [{ sepal_length: 5.9, sepal_width: 3.0, petal_length: 4.2, petal_width: 1.5 }, 'versicolor'],
    [{ sepal_length: 6.7, sepal_width: 3.0, petal_length: 5.2, petal_width: 2.3 }, 'virginica'],
  ])('classifies %o as %s', async (flower, label) => {
    const result = await rt.invoke('predict', flower);
    expect(result.label).toBe(label);
    expect(Object.values(result.scores).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
  });

  it('labels low-confidence predictions uncertain once the threshold is raised, and monitors it all', async () => {
    const flower = { sepal_length: 6.0, sepal_width: 2.9, petal_length: 4.8, petal_width: 1.7 };
    rt.setParameter('threshold', 0.99);
    expect((await rt.invoke('predict', flower)).label).toBe('uncertain');
    expect((await rt.stored('label')).map((p) => p.value)).toEqual(['setosa', 'versicolor', 'virginica', 'uncertain']);
    expect(await rt.stored('confidence')).toHaveLength(4);
    expect((await rt.stored('threshold')).map((p) => p.value)).toEqual([0.6, 0.99]);
    expect(JSON.parse(String((await rt.stored('predict_request'))[3]!.value))).toEqual(flower);
  });

  it('rejects negative measurements with a 422 naming the field', async () => {
    const answer = await rt.request('predict', { sepal_length: -1, sepal_width: 3, petal_length: 1, petal_width: 0.2 });
    expect(answer).toMatchObject({ status: 422, body: { detail: [{ loc: ['body', 'sepal_length'], type: 'min_value' }] } });
  });
});
