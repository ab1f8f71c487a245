/** How the manager names a replica of a version in log lines and warnings: `{name} {version}`, with `replica {n}` when the version runs more than one. */
export function replicaLabel(name: string, version: string, replica = 0, count = 1): string {
  return count > 1 ? `${name} ${version} replica ${replica}` : `${name} ${version}`;
}
