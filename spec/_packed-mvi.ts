import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The package as users get it: `npm pack` (which builds) into `folder`; the tarball and the paths it holds. */
export async function packMvi(folder: string): Promise<{ readonly tarball: string; readonly files: readonly string[] }> {
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', folder], { maxBuffer: 16 * 1024 * 1024 });
  const [report] = JSON.parse(stdout.slice(stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  return { tarball: join(folder, report!.filename), files: report!.files.map((file) => file.path) };
}

/** `npm install` of `packages` (a tarball among them, or none: what package.json asks for) into `project`, from npm's cache where it can. */
export async function npmInstall(project: string, packages: readonly string[] = []): Promise<void> {
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...packages], { cwd: project, maxBuffer: 16 * 1024 * 1024 });
}
