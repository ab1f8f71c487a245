import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ServiceRecord } from '../manager/types.ts';
import { api, links } from './_api.ts';
import { formatNumber } from './_format.ts';
import { logsHref, serviceHref } from './_hash-route.ts';
import { allLines, appendChunk, EMPTY_LOG, filterLines, lineLevel, type LogLines } from './_log-lines.ts';
import { sortRecords } from './_service-records.ts';
import type { Polled } from './_use-poll.ts';
import { VersionTabs } from './_version-tabs.tsx';

interface Props {
  readonly name: string;
  readonly version: string;
  readonly services: Polled<ServiceRecord[]>;
}

const TAILS = [200, 1000, 5000];

function Highlighted({ text, search }: { readonly text: string; readonly search: string }) {
  const needle = search.trim().toLowerCase();
  if (!needle) return <>{text}</>;
  const parts = [];
  const lower = text.toLowerCase();
  let from = 0;
  for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, from)) {
    parts.push(text.slice(from, at), <mark key={at}>{text.slice(at, at + needle.length)}</mark>);
    from = at + needle.length;
  }
  parts.push(text.slice(from));
  return <>{parts}</>;
}

// Reads the followed log into `onChunk` until it ends or `signal` aborts.
async function follow(name: string, version: string, tail: number, signal: AbortSignal, onChunk: (text: string) => void): Promise<void> {
  const response = await api.followLog(name, version, tail, signal);
  if (!response.body) return;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) onChunk(read.value);
}

/** A version's log: its tail, then new lines as they are written (follow), searched as you type, downloaded whole. */
export function LogsPage({ name, version, services }: Props) {
  const versions = sortRecords((services.data ?? []).filter((record) => record.name === name));
  const [following, setFollowing] = useState(true);
  const [tail, setTail] = useState(1000);
  const [search, setSearch] = useState('');
  const [log, setLog] = useState<LogLines>(EMPTY_LOG);
  const [state, setState] = useState<{ readonly ended?: boolean; readonly error?: string }>({});
  const view = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);

  useEffect(() => {
    if (!following) return;
    const controller = new AbortController();
    setLog(EMPTY_LOG);
    setState({});
    follow(name, version, tail, controller.signal, (text) => setLog((previous) => appendChunk(previous, text))).then(
      () => controller.signal.aborted || setState({ ended: true }),
      (error: unknown) => controller.signal.aborted || setState({ error: error instanceof Error ? error.message : String(error) }),
    );
    return () => controller.abort();
  }, [name, version, tail, following]);

  // New lines keep the view at the bottom, unless the reader scrolled up to read.
  useLayoutEffect(() => {
    const element = view.current;
    if (element && pinned.current) element.scrollTop = element.scrollHeight;
  }, [log, search]);

  const lines = allLines(log);
  const shown = filterLines(lines, search, log.dropped + 1);
  return (
    <>
      <div class="page-head">
        <div>
          <div class="crumbs"><a href="#/">Services</a> / <a href={serviceHref(name, version)}>{name}</a> / logs</div>
          <h1>
            Logs of {name} <span class="mono muted">{version}</span>
          </h1>
        </div>
        <VersionTabs versions={versions} current={version} href={(other) => logsHref(name, other)} />
      </div>
      <section class="card" aria-label="Log">
        <div class="card-head">
          <div class="log-tools">
            <button type="button" class="button button-small" aria-pressed={following} onClick={() => setFollowing(!following)}>
              {following ? '● Following' : 'Follow'}
            </button>
            <select aria-label="Lines to start with" value={String(tail)} onChange={(event) => setTail(Number(event.currentTarget.value))}>
              {TAILS.map((count) => <option key={count} value={String(count)}>last {formatNumber(count)} lines</option>)}
            </select>
            <input type="search" placeholder="Search the log" aria-label="Search the log" value={search} onInput={(event) => setSearch(event.currentTarget.value)} />
            <span class="muted num" role="status">
              {search.trim() ? `${formatNumber(shown.length)} of ${formatNumber(lines.length)} lines` : `${formatNumber(lines.length)} lines`}
              {log.dropped > 0 && ` (the ${formatNumber(log.dropped)} before them are in the download)`}
            </span>
          </div>
          <a class="button button-small" href={links.log(name, version)} download={`${name}_${version}.log`}>Download</a>
        </div>
        {state.error && <p class="alert alert-bad">{state.error}</p>}
        {state.ended && <p class="alert alert-warn">The log ended: the version stopped. Follow again to read it once it is back.</p>}
        <div
          class="log"
          ref={view}
          tabIndex={0}
          onScroll={(event) => {
            const element = event.currentTarget;
            pinned.current = element.scrollTop + element.clientHeight >= element.scrollHeight - 24;
          }}
        >
          {shown.length === 0 && <div class="log-empty">{lines.length === 0 ? 'Nothing logged yet.' : 'No line matches the search.'}</div>}
          {shown.map((line) => {
            const level = lineLevel(line.text);
            return (
              <div class={`log-line${level ? ` log-${level}` : ''}`} key={line.number}>
                <span class="log-no">{line.number}</span>
                <span><Highlighted text={line.text} search={search} /></span>
              </div>
            );
          })}
        </div>
      </section>
    </>
  );
}
