import * as v from 'valibot';
import { defineService } from 'mvi';

const length = v.pipe(v.number(), v.minValue(0), v.maxValue(100), v.description('In centimetres.'));

/** A service that shows every kind of thing the docs page describes: bodies, query parameters with rules, a parameter, monitoring. */
export const docsDemo = defineService({ name: 'docs_demo', version: '1.2.0', description: 'Classifies flowers and keeps a `history` of them.' })
  .parameter('threshold', v.pipe(v.number(), v.minValue(0), v.maxValue(1)), 0.6, { monitor: true })
  .monitor({ variables: { confidence: v.number() } })
  .entrypoint('predict', v.object({ sepal_length: length, petal_length: length, note: v.optional(v.pipe(v.string(), v.maxLength(40))) }), ({ petal_length }, ctx) => {
    const confidence = Math.min(1, petal_length / 10);
    ctx.store({ confidence });
    const label: 'setosa' | 'virginica' = confidence >= ctx.parameter('threshold') ? 'virginica' : 'setosa';
    return { label, confidence };
  }, {
    summary: 'Classify one flower from its measurements',
    monitor: true,
    output: v.object({ label: v.picklist(['setosa', 'virginica']), confidence: v.number() }),
  })
  .entrypoint('history', v.object({
    window: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.description('How many of the latest answers.')), 100),
    label: v.optional(v.picklist(['setosa', 'virginica'])),
    exact: v.optional(v.boolean()),
  }), ({ window, label }) => ({ window, label: label ?? 'any', answers: [] as number[] }), { method: 'GET', summary: 'The latest answers' })
  .entrypoint('echo', v.unknown(), (value) => value, { summary: 'Answers what it is sent' });

export default docsDemo;
