export { createTestRuntime } from './create-test-runtime.ts';
export type { CapturedLog, TestInvokeOptions, StoredPoint, StubFunction, TestRuntime, TestRuntimeOptions } from './create-test-runtime.ts';
export { createTestClock, type TestClock } from './test-clock.ts';
