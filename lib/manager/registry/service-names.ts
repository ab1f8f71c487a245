// Names are URL segments and folder names: lowercase words joined by single underscores, so
// that `{name}_{version}` splits at its last underscore (a version has dots and no `_`).
const NAME = /^[a-z0-9]+(_[a-z0-9]+)*$/;
// Semantic Versioning 2.0.0's own grammar.
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** What a service name must look like, as a 422 says it. */
export const NAME_RULE = 'A name can only contain lowercase letters, digits and single underscores between them (e.g. my_model_2)';
/** What a version must look like, as a 422 says it. */
export const VERSION_RULE = 'A version must be a semantic version such as 1.0.0 or 2.1.0-rc.1';

/** Whether `name` can name a service. */
export const isServiceName = (name: string): boolean => NAME.test(name);

/** Whether `version` is a semantic version. */
export const isVersion = (version: string): boolean => SEMVER.test(version);

/** `{name}_{version}`: how a version is named in routes, folders and logs. */
export const versionKey = (name: string, version: string): string => `${name}_${version}`;

/** The name and version a `{name}_{version}` segment stands for, when it can stand for one. */
export function splitVersionKey(segment: string): { readonly name: string; readonly version: string } | undefined {
  const at = segment.lastIndexOf('_');
  if (at <= 0) return undefined;
  const name = segment.slice(0, at);
  const version = segment.slice(at + 1);
  return NAME.test(name) && SEMVER.test(version) ? { name, version } : undefined;
}
