import { defineCommand } from 'citty';
import type { ShadowReport } from '../../manager/types.ts';
import { say } from '../cli-logger.ts';
import { connect } from '../connect.ts';
import { parseWhole } from '../parse-number.ts';
import { withSpinner } from '../spinner.ts';
import { printTable } from '../table.ts';

const ms = (value: number | null) => (value === null ? undefined : `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`);
const percent = (value: number | null) => (value === null ? undefined : `${(value * 100).toFixed(1)} %`);
// On one line, whatever the body's layout (pretty JSON, HTML): a line break would break the listing.
const cut = (text: string, truncated: boolean, width = 100) => {
  const line = text.replace(/\s*[\r\n]+\s*/g, ' ');
  return line.length > width || truncated ? `${line.slice(0, width)}…` : line;
};

function printDisagreements(report: ShadowReport, shadows: readonly string[], samples: number): void {
  for (const version of report.versions.filter((v) => shadows.includes(v.version) && v.shadow.disagreements.length > 0)) {
    const latest = version.shadow.disagreements.slice(-samples).reverse();
    process.stdout.write(`\nLatest disagreements of ${version.version} (${latest.length} of ${version.shadow.compared - version.shadow.agreed}):\n`);
    for (const d of latest) {
      process.stdout.write(`  ${d.at}  ${d.method} ${d.path} ${cut(d.request.body, d.request.truncated)}\n`);
      process.stdout.write(`    main    ${d.main.status} ${cut(d.main.body, d.main.truncated)}\n`);
      process.stdout.write(`    shadow  ${d.shadow.status} ${cut(d.shadow.body, d.shadow.truncated)}\n`);
    }
  }
}

/** `mvi shadow <name>`: how the shadows of a service compare with its main version. */
export default defineCommand({
  meta: { name: 'shadow', description: 'Compare the shadow versions of a service with its main one: agreement, errors, latency, latest disagreements' },
  args: {
    name: { type: 'positional', required: true, description: 'the service' },
    samples: { type: 'string', valueHint: 'N', description: 'disagreements to show per shadow (default 3)' },
  },
  async run({ args }) {
    const samples = parseWhole(args.samples ?? '3', '--samples', 0, 1000)!;
    const { client } = connect();
    const [report, services] = await withSpinner(`Asking ${client.url}`, () => Promise.all([client.shadow(args.name), client.services()]));
    // Every deployed version, main first: one that no request reached yet is in no report.
    const deployed = services.filter((s) => s.name === args.name).sort((a, b) => Number(b.main) - Number(a.main));
    const shadows = deployed.filter((s) => !s.main).map((s) => s.version);
    const reported = (version: string) => report.versions.find((v) => v.version === version);
    printTable(
      ['VERSION', 'ROLE', 'REQUESTS', 'ERRORS', 'P50', 'P99'],
      deployed.map((s) => {
        const v = reported(s.version);
        return [s.version, s.main ? 'main' : 'shadow', v?.requests ?? 0, v?.errors ?? 0, ms(v?.latency_ms.p50 ?? null), ms(v?.latency_ms.p99 ?? null)];
      }),
    );
    if (shadows.length === 0) return say.info(`${args.name} has no shadow version to compare: deploy another version of it (mvi deploy ${args.name} <version> <path>)`);
    const compared = shadows.map(reported).filter((v) => v !== undefined);
    if (compared.length === 0) return say.info(`No request reached ${args.name} through the gateway yet: its shadows are compared on the traffic to /services/${args.name}/…`);
    process.stdout.write('\n');
    printTable(
      ['SHADOW', 'COPIES', 'COMPARED', 'AGREED', 'AGREEMENT', 'ERRORS', 'DROPPED', 'P50', 'P99', 'MAIN P50', 'MAIN P99'],
      compared.map(({ version, shadow: s }) => [version, s.mirrored, s.compared, s.agreed, percent(s.agreement), s.errors, s.dropped, ms(s.latency_ms.p50), ms(s.latency_ms.p99), ms(s.main_latency_ms.p50), ms(s.main_latency_ms.p99)]),
    );
    printDisagreements(report, shadows, samples);
  },
});
