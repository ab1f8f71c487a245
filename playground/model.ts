import * as v from 'valibot';
import { defineService } from 'mvi';

// A multinomial logistic regression fitted on the iris data set: one row of weights per class
// over (sepal length, sepal width, petal length, petal width) in cm, plus an intercept.
const CLASSES = ['setosa', 'versicolor', 'virginica'] as const;
const WEIGHTS = [
  [-0.42, 0.97, -2.52, -1.08],
  [0.53, -0.32, -0.21, -0.94],
  [-0.11, -0.65, 2.73, 2.02],
] as const;
const INTERCEPTS = [9.85, 2.24, -12.09] as const;

/** Class probabilities for one flower (softmax of the linear scores). */
export function classify(features: readonly number[]): number[] {
  const logits = WEIGHTS.map((row, k) => row.reduce<number>((sum, w, i) => sum + w * features[i]!, INTERCEPTS[k]!));
  const top = Math.max(...logits);
  const exps = logits.map((z) => Math.exp(z - top));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

const length = v.pipe(v.number(), v.minValue(0), v.maxValue(100));
const Flower = v.object({
  sepal_length: length,
  sepal_width: length,
  petal_length: length,
  petal_width: length,
});

/**
 * The iris classifier as version `version`: predictions below `threshold` confidence (a parameter,
 * tunable while it runs) are labelled `uncertain`.
 */
export function defineModel(version: string, threshold: number) {
  return defineService({ name: 'iris', version, description: 'Classifies iris flowers' })
    .parameter('threshold', v.pipe(v.number(), v.minValue(0), v.maxValue(1)), threshold, { monitor: true })
    .monitor({ variables: { confidence: v.number(), label: v.string() }, retention: '30 days' })
    .entrypoint(
      'predict',
      Flower,
      (flower, ctx) => {
        const scores = classify([flower.sepal_length, flower.sepal_width, flower.petal_length, flower.petal_width]);
        const best = scores.indexOf(Math.max(...scores));
        const confidence = scores[best]!;
        const label = confidence >= ctx.parameter('threshold') ? CLASSES[best]! : 'uncertain';
        ctx.store({ confidence, label });
        return { label, scores: Object.fromEntries(CLASSES.map((c, i) => [c, Number(scores[i]!.toFixed(4))])) };
      },
      { monitor: true, summary: 'Classify one flower from its measurements in cm' },
    );
}

/** Serves the iris classifier; predictions below 0.6 confidence are labelled `uncertain`. */
export const model = defineModel('1.0.0', 0.6);

export default model;
