import { defineModel } from './model.ts';

/**
 * The next version of the iris classifier, to run as a shadow of 1.0.0: it asks for more
 * confidence, so on flowers near a class border it answers `uncertain` where 1.0.0 names a class.
 */
export const modelV2 = defineModel('2.0.0', 0.85);

export default modelV2;
