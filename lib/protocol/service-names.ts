import * as v from 'valibot';

/** A service's name: lowercase letters and digits, words joined by single underscores. */
export const SERVICE_NAME_PATTERN = /^[a-z0-9]+(?:_[a-z0-9]+)*$/;

// Semantic Versioning 2.0.0's own pattern. A version always has dots, which no name has, so
// `{name}_{version}` never reads as a name.
const NUMBER = '(?:0|[1-9]\\d*)';
const PRE_RELEASE = `(?:${NUMBER}|\\d*[a-zA-Z-][0-9a-zA-Z-]*)`;
const BUILD = '[0-9a-zA-Z-]+';

/** A semantic version (2.0.0 grammar), such as `1.2.0` or `2.0.0-rc.1+build.5`. */
export const VERSION_PATTERN = new RegExp(
  `^${NUMBER}\\.${NUMBER}\\.${NUMBER}(?:-${PRE_RELEASE}(?:\\.${PRE_RELEASE})*)?(?:\\+${BUILD}(?:\\.${BUILD})*)?$`,
);

/** What a name must look like, for error messages. */
export const SERVICE_NAME_RULE = 'a service name is lowercase letters and digits, words joined by single underscores (such as my_model_2)';

/** What a version must look like, for error messages. */
export const VERSION_RULE = 'a version is a semantic version such as 1.0.0 or 2.1.0-rc.1';

/** Whether `value` is a valid service name. */
export function isServiceName(value: unknown): boolean {
  return typeof value === 'string' && SERVICE_NAME_PATTERN.test(value);
}

/** Whether `value` is a semantic version. */
export function isServiceVersion(value: unknown): boolean {
  return typeof value === 'string' && VERSION_PATTERN.test(value);
}

/** A service name, as the manager's request bodies validate it. */
export const ServiceNameSchema = v.pipe(v.string(), v.regex(SERVICE_NAME_PATTERN, `Invalid name: ${SERVICE_NAME_RULE}`));

/** A service version, as the manager's request bodies validate it. */
export const ServiceVersionSchema = v.pipe(v.string(), v.regex(VERSION_PATTERN, `Invalid version: ${VERSION_RULE}`));
