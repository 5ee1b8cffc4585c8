/**
 * `npm run bench`: the performance budgets of the issue, measured in plain Node on generated notes
 * (bench/generateCourse.ts). Every timing is a median over several runs and, where the issue gives
 * one, a ratio to a baseline measured in the same run (runs interleaved, so drift hits both sides).
 *
 *   node --expose-gc out/bench/bench/run.js [--quick] [--out FILE]
 *
 * Prints a table and writes bench/results.json (bench/results.quick.json with --quick). See
 * bench/README.md for what each row measures and how.
 *
 * The extension's own classes (NotesTerminal, RunCodeLensProvider, ConceptHoverProvider) are run
 * for real, with the few VS Code types they touch replaced by plain classes (test/vscodeStub.ts).
 */
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHistogram, performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { mapLimit } from '../src/core/mapLimit';
import { sessionRows } from './sessionRows';
import { labRunRows } from './labRunRows';
import { median, percentile } from './stats';
import type { NoteModel } from '../src/core/model';
import { NoteCache } from '../src/core/noteCache';
import { addNoteDefinitions } from '../src/core/noteConcepts';
import { getStockMarkdownIt, splitLines } from '../src/core/markdownEngine';
import { TermIndex } from '../src/core/termIndex';
import { TimeSlicer } from '../src/core/timeSlicer';
import { classifyCommand } from '../src/core/commandKinds';
import type { CliReference } from '../src/core/cliReference';
import { noteFindings } from '../src/core/noteChecks';
import { parseNote } from '../src/core/noteParser';
import { matchOutput } from '../src/core/outputMatch';
import { checkNotes } from '../src/cli/check';
import { startCommand } from '../src/runner/commandRunner';
import { installVscodeStub } from '../test/vscodeStub';
import { DockerEngine } from '../src/runner/dockerEngine';
import { resolveDockerTarget } from '../src/runner/dockerTarget';
import { runInShell } from '../src/runner/shellRunner';
import type { GeneratedNote } from './generateCourse';
import { generateCourse, generateNote, Random } from './generateCourse';
import { repoRoot } from './repoRoot';

type NotesTerminalModule = typeof import('../src/features/run/notesTerminal');
type CodeLensModule = typeof import('../src/features/run/runCodeLensProvider');
type HoverModule = typeof import('../src/features/concepts/conceptHover');

const execFileAsync = promisify(execFile);
const KiB = 1024;
const MiB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Sizes

export interface BenchSizes {
  readonly smallCourse: { readonly notes: number; readonly bytes: number };
  readonly bigCourse: { readonly notes: number; readonly bytes: number };
  readonly bigNote: { readonly bytes: number; readonly terms: number };
  /** Bytes of command output pushed through the runner. */
  readonly outputBytes: number;
  readonly indexRuns: number;
  readonly bigIndexRuns: number;
  readonly lensRuns: number;
  readonly cachedCalls: number;
  readonly hoverLookups: number;
  readonly runnerRuns: number;
  readonly dockerRuns: number;
  readonly dockerWarmups: number;
  /** Output matched whole against a note for the linear-growth row (and a tenth of it for its baseline). */
  readonly matchBytes: number;
}

export const FULL_SIZES: BenchSizes = {
  smallCourse: { notes: 600, bytes: 5 * MiB },
  bigCourse: { notes: 10_000, bytes: 50 * MiB },
  bigNote: { bytes: 1 * MiB, terms: 1000 },
  outputBytes: 200 * MiB,
  indexRuns: 11,
  bigIndexRuns: 5,
  lensRuns: 11,
  cachedCalls: 1000,
  hoverLookups: 10_000,
  runnerRuns: 5,
  dockerRuns: 11,
  dockerWarmups: 1,
  matchBytes: 10 * MiB,
};

export const QUICK_SIZES: BenchSizes = {
  smallCourse: { notes: 60, bytes: 500 * KiB },
  bigCourse: { notes: 400, bytes: 2 * MiB },
  bigNote: { bytes: 100 * KiB, terms: 100 },
  outputBytes: 10 * MiB,
  indexRuns: 5,
  bigIndexRuns: 3,
  lensRuns: 5,
  cachedCalls: 200,
  hoverLookups: 2000,
  runnerRuns: 2,
  dockerRuns: 2,
  dockerWarmups: 0,
  matchBytes: 1 * MiB,
};

const SEED = 20240601;

// ---------------------------------------------------------------------------------------------
// Results

export type Unit = 'ms' | 'MiB/s' | 'bytes';

export interface Measure {
  /** The median of `samples` (or the single value measured). */
  readonly value: number;
  readonly unit: Unit;
  readonly samples?: readonly number[];
}

export interface Row {
  readonly id: string;
  readonly what: string;
  readonly measured: boolean;
  readonly ours?: Measure;
  readonly baseline?: Measure;
  /** ours ÷ baseline (for throughput too: below 1 means we are slower). */
  readonly ratio?: number;
  /** The budget as the issue states it. */
  readonly budget: string;
  /** Undefined when not judged: not measured, skipped, or information only. */
  readonly pass?: boolean;
  readonly note?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface BenchResults {
  readonly date: string;
  readonly mode: 'full' | 'quick';
  readonly machine: Readonly<Record<string, unknown>>;
  readonly sizes: BenchSizes;
  readonly rows: readonly Row[];
}

export interface BenchOptions {
  readonly quick: boolean;
  /** Where results.json goes; default bench/results.json (bench/results.quick.json when quick). */
  readonly outFile?: string;
  /** Progress and the table; default console.log. */
  readonly log?: (line: string) => void;
  /**
   * Only these groups of rows (index, event-loop, editor, check, match, runner, session, labrun, docker, memory, bundle, activate),
   * for working on one budget; the results then go to bench/results.partial.json unless `outFile` says.
   */
  readonly only?: readonly string[];
}

export const ROW_GROUPS = ['index', 'event-loop', 'editor', 'check', 'match', 'runner', 'session', 'labrun', 'docker', 'memory', 'bundle', 'activate'] as const;

// ---------------------------------------------------------------------------------------------
// Measuring

/**
 * A full garbage collection. `--expose-gc` gives `global.gc`; without it the flag is turned on at
 * run time and `gc` fetched from a fresh context (so the quick bench also runs under mocha).
 */
const collectGarbage: () => void = (() => {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) {
    return exposed;
  }
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
})();

/** Two full garbage collections (the second takes what the first's finalizers freed). */
export function fullGc(): void {
  collectGarbage();
  collectGarbage();
}

async function time(work: () => unknown): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** Untimed runs until the JIT has settled: at least one, and at least this long in all (at most 50 runs). */
const WARM_UP_MS = 500;

async function warmUp(work: () => unknown): Promise<void> {
  let spent = 0;
  for (let run = 0; run < 50 && (run === 0 || spent < WARM_UP_MS); run++) {
    spent += await time(work);
  }
}

/**
 * Times `baseline` and `ours` `runs` times each, alternating which goes first (ABBA…) so that
 * drift (heat, other load) weighs on both; a full GC before each run so neither pays for the
 * other's garbage. Both are warmed up first (JIT, lazy requires).
 */
async function interleaved(runs: number, baseline: () => unknown, ours: () => unknown): Promise<{ baseline: number[]; ours: number[] }> {
  await warmUp(baseline);
  await warmUp(ours);
  const result = { baseline: [] as number[], ours: [] as number[] };
  for (let run = 0; run < runs; run++) {
    const order = run % 2 === 0 ? (['baseline', 'ours'] as const) : (['ours', 'baseline'] as const);
    for (const side of order) {
      fullGc();
      result[side].push(await time(side === 'baseline' ? baseline : ours));
    }
  }
  return result;
}

/**
 * The median of the per-run ratios ours[i] / baseline[i]. Runs are paired (one of each, back to
 * back), so this cancels slow phases of a busy machine better than the ratio of the medians.
 */
function pairedRatio(ours: readonly number[], baseline: readonly number[]): number {
  return round(median(ours.map((value, i) => value / baseline[i])));
}

const PROBE_INTERVAL_MS = 1;

/**
 * Event-loop lag: a 1 ms interval timer and how late each tick comes (a tick delayed by a 40 ms
 * parse records ~39 ms). Samples go into a histogram in microseconds. Not monitorEventLoopDelay:
 * re-enabled, it records the whole time it was disabled as one delay, and probes here are started
 * and stopped once per run.
 */
class LagProbe {
  private readonly histogram = createHistogram();
  private timer: NodeJS.Timeout | undefined;

  start(): void {
    let last = performance.now();
    this.timer = setInterval(() => {
      const now = performance.now();
      this.histogram.record(Math.max(1, Math.round((now - last - PROBE_INTERVAL_MS) * 1000)));
      last = now;
    }, PROBE_INTERVAL_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The p-th percentile of the lag, in ms. */
  percentile(p: number): number {
    return this.histogram.count === 0 ? 0 : this.histogram.percentile(p) / 1000;
  }

  /** The longest the event loop was blocked, in ms. */
  get max(): number {
    return this.histogram.count === 0 ? 0 : this.histogram.max / 1000;
  }

  get count(): number {
    return this.histogram.count;
  }
}

function ms(samples: readonly number[]): Measure {
  return { value: median(samples), unit: 'ms', samples: samples.map(round) };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function bytesOf(notes: readonly GeneratedNote[]): number {
  return notes.reduce((sum, note) => sum + Buffer.byteLength(note.text), 0);
}

function mb(bytes: number): string {
  return `${(bytes / MiB).toFixed(bytes < 10 * MiB ? 1 : 0)} MB`;
}

// ---------------------------------------------------------------------------------------------
// VS Code, as far as the measured classes touch it

/** Loads a module of src/features with the VS Code stub in place (a static import would load it too early). */
function loadFeature<T>(relative: string): T {
  installVscodeStub();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(relative) as T;
}

/** A TextDocument as the providers read it. */
interface BenchDocument {
  readonly uri: { toString(): string };
  readonly version: number;
  getText(): string;
  lineAt(line: number): { readonly text: string };
}

function documentOf(uri: string, version: number, text: string, lines: readonly string[]): BenchDocument {
  return {
    uri: { toString: () => uri },
    version,
    getText: () => text,
    lineAt: (line: number) => ({ text: lines[line] ?? '' }),
  };
}

/** WorkspaceNotes as the providers use it: `forDocument` exactly as the extension implements it. */
function notesOver(cache: NoteCache): { forDocument(document: BenchDocument): NoteModel } {
  return { forDocument: (document) => cache.get(document.uri.toString(), `doc:${document.version}`, () => document.getText()) };
}

const TOKEN = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) };

// ---------------------------------------------------------------------------------------------
// Rows: indexing

function indexOnce(notes: readonly GeneratedNote[]): NoteCache {
  const cache = new NoteCache();
  for (const note of notes) {
    cache.get(note.name, 'v1', () => note.text);
  }
  return cache;
}

function parseOnce(notes: readonly GeneratedNote[]): number {
  const markdownIt = getStockMarkdownIt();
  let tokens = 0;
  for (const note of notes) {
    tokens += markdownIt.parse(note.text, {}).length;
  }
  return tokens;
}

async function indexRow(id: string, notes: readonly GeneratedNote[], runs: number): Promise<Row> {
  const bytes = bytesOf(notes);
  const timings = await interleaved(runs, () => parseOnce(notes), () => indexOnce(notes));
  const ours = ms(timings.ours);
  const baseline = ms(timings.baseline);
  const ratio = ours.value / baseline.value;
  return {
    id,
    what: `index ${notes.length} notes, ${mb(bytes)} (NoteCache of every note)`,
    measured: true,
    ours,
    baseline,
    ratio,
    budget: '≤ 1.3×',
    pass: ratio <= 1.3,
    details: {
      notes: notes.length,
      bytes,
      pairedRatio: pairedRatio(timings.ours, timings.baseline),
      baseline: 'stock markdown-it parse (html: true) of the same texts',
      oursMBps: round(bytes / MiB / (ours.value / 1000)),
      baselineMBps: round(bytes / MiB / (baseline.value / 1000)),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Rows: checks (course-notes check, diagnostics)

function cliReferenceData(): CliReference {
  return (readJson(path.join(repoRoot(), 'media', 'cli-reference.json')) as CliReference | undefined) ?? {};
}

/**
 * `course-notes check` over the course (each note parsed into a fresh cache, then checked: commands,
 * prose, estimates, headings, links, definitions across notes; links are taken to exist, the file
 * system is not what is measured) against indexing it.
 */
async function checkRow(notes: readonly GeneratedNote[], runs: number): Promise<Row> {
  const reference = cliReferenceData();
  let findings = 0;
  const checkOnce = () => {
    const cache = new NoteCache();
    const checked = notes.map((note) => ({ model: cache.get(note.name, 'v1', () => note.text), text: note.text }));
    // Cold, as a `course-notes check` process is: a new reference object, so nothing is cached from the last run.
    findings = checkNotes(checked, { ...reference }, () => true).length;
  };
  const timings = await interleaved(runs, () => indexOnce(notes), checkOnce);
  const ours = ms(timings.ours);
  const baseline = ms(timings.baseline);
  const ratio = ours.value / baseline.value;
  return {
    id: 'check-small',
    what: `course-notes check of ${notes.length} notes, ${mb(bytesOf(notes))}`,
    measured: true,
    ours,
    baseline,
    ratio,
    budget: '≤ 1.3× of indexing',
    pass: ratio <= 1.3,
    details: { notes: notes.length, findings, pairedRatio: pairedRatio(timings.ours, timings.baseline), baseline: 'NoteCache of every note (index-small)' },
  };
}

/** The diagnostics of a 1 MB note after an edit (a new version: parse, then check) against its parse. */
async function diagnosticsRow(note: { readonly name: string; readonly text: string }, runs: number): Promise<Row> {
  const reference = cliReferenceData();
  let findings = 0;
  const timings = await interleaved(
    runs,
    () => parseNote(note.name, note.text),
    () => (findings = noteFindings(parseNote(note.name, note.text), splitLines(note.text), reference).length),
  );
  const ours = ms(timings.ours);
  const baseline = ms(timings.baseline);
  const ratio = ours.value / baseline.value;
  return {
    id: 'diagnostics-edit',
    what: `diagnostics of a ${mb(Buffer.byteLength(note.text))} note after an edit (parse + check)`,
    measured: true,
    ours,
    baseline,
    ratio,
    budget: '≤ 1.3× of its parse',
    pass: ratio <= 1.3,
    details: { findings, pairedRatio: pairedRatio(timings.ours, timings.baseline), baseline: 'parseNote of the same text' },
  };
}

/** The time of each note's parse on its own: the longest is the least any per-file index blocks. */
function perNoteParse(notes: readonly GeneratedNote[]): { maxMs: number; maxBytes: number; p99Ms: number } {
  const cache = new NoteCache();
  const times: number[] = [];
  let maxMs = 0;
  let maxBytes = 0;
  for (const note of notes) {
    const start = performance.now();
    cache.get(note.name, 'v1', () => note.text);
    const elapsed = performance.now() - start;
    times.push(elapsed);
    if (elapsed > maxMs) {
      maxMs = elapsed;
      maxBytes = Buffer.byteLength(note.text);
    }
  }
  return { maxMs: round(maxMs), maxBytes, p99Ms: round(percentile(times, 99)) };
}

/**
 * The index as the extension builds it (WorkspaceNotes.doRescan → load): 8 files at a time, each
 * stat'ed and read, then decoded and parsed into the NoteCache through a TimeSlicer (parses run in
 * slices of 10 ms with a turn of the event loop between them). The row reports the longest block.
 */
async function indexBlockingRow(notes: readonly GeneratedNote[], syncIndexMs: number): Promise<Row> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'course-notes-bench-'));
  try {
    const files = notes.map((note) => path.join(folder, note.name));
    for (const [i, note] of notes.entries()) {
      fs.mkdirSync(path.dirname(files[i]), { recursive: true });
      fs.writeFileSync(files[i], note.text);
    }
    const perNote = perNoteParse(notes);
    fullGc();
    const cache = new NoteCache();
    const parser = new TimeSlicer();
    const probe = new LagProbe();
    probe.start();
    const wall = await time(() =>
      mapLimit(files, 8, async (file) => {
        const stat = await fs.promises.stat(file);
        const bytes = await fs.promises.readFile(file);
        await parser.run(() => cache.get(file, `fs:${stat.mtimeMs}:${stat.size}`, () => new TextDecoder('utf-8').decode(bytes)));
      }),
    );
    probe.stop();
    const max = probe.max;
    return {
      id: 'index-big-event-loop',
      what: `event loop blocked while indexing ${notes.length} notes from disk (as WorkspaceNotes does)`,
      measured: true,
      ours: { value: max, unit: 'ms' },
      budget: 'never > 50 ms',
      pass: max <= 50,
      details: {
        maxBlockMs: round(max),
        p99LagMs: round(probe.percentile(99)),
        p50LagMs: round(probe.percentile(50)),
        probeSamples: probe.count,
        wallMs: round(wall),
        longestSingleParseMs: perNote.maxMs,
        longestSingleParseNoteBytes: perNote.maxBytes,
        p99SingleParseMs: perNote.p99Ms,
        syncLoopBlockMs: round(syncIndexMs),
        how: 'mapLimit(8) over fs.promises.stat + readFile, then TextDecoder + NoteCache.get through a TimeSlicer, as WorkspaceNotes.load; lag from a 1 ms interval probe',
      },
      note: `a synchronous loop over the same notes would block for the whole index (${Math.round(syncIndexMs)} ms)`,
    };
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Heap retained by a NoteCache of the big course: heapUsed after a full GC, minus before. The texts
 * are decoded from Buffers (outside the heap) as the extension decodes file bytes, so whatever the
 * models keep of them (sliced strings keep their parent alive) is counted.
 */
function memoryRow(notes: readonly GeneratedNote[]): Row {
  const corpus = notes.map((note) => Buffer.from(note.text));
  const corpusBytes = corpus.reduce((sum, buffer) => sum + buffer.length, 0);
  const decoder = new TextDecoder('utf-8');

  // The texts alone, as JS strings: what "the corpus" costs in the heap, for reading the ratio.
  fullGc();
  const beforeTexts = process.memoryUsage().heapUsed;
  const texts = corpus.map((buffer) => decoder.decode(buffer));
  fullGc();
  const textsBytes = process.memoryUsage().heapUsed - beforeTexts;
  texts.length = 0; // dropped before the real measurement

  fullGc();
  const before = process.memoryUsage();
  const cache = new NoteCache();
  corpus.forEach((buffer, i) => cache.get(notes[i].name, 'v1', () => decoder.decode(buffer)));
  fullGc();
  const after = process.memoryUsage();
  const retained = after.heapUsed - before.heapUsed;
  const ratio = retained / corpusBytes;
  return {
    id: 'memory-big',
    what: `heap retained after indexing ${notes.length} notes, ${mb(corpusBytes)}`,
    measured: true,
    ours: { value: retained, unit: 'bytes' },
    baseline: { value: corpusBytes, unit: 'bytes' },
    ratio,
    budget: '≤ 2× corpus',
    pass: ratio <= 2,
    details: {
      notesCached: cache.size,
      retainedBytes: retained,
      corpusBytes,
      textsAsStringsBytes: textsBytes,
      rssDeltaBytes: after.rss - before.rss,
      how: 'heapUsed after 2 full GCs, minus before; texts decoded from Buffers with TextDecoder',
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Rows: CodeLens and hover on one big note

async function editorRows(note: { name: string; text: string; terms: readonly string[] }, sizes: BenchSizes): Promise<Row[]> {
  const { RunCodeLensProvider } = loadFeature<CodeLensModule>('../src/features/run/runCodeLensProvider');
  const { ConceptHoverProvider } = loadFeature<HoverModule>('../src/features/concepts/conceptHover');
  const lines = splitLines(note.text);
  const bytes = Buffer.byteLength(note.text);
  const uri = `file:///course/${note.name}`;
  const cache = new NoteCache();
  const results = { onDidChange: () => ({ dispose: () => undefined }), get: () => undefined, isRunning: () => false };
  type LensArgs = ConstructorParameters<typeof RunCodeLensProvider>;
  const lensProvider = new RunCodeLensProvider(notesOver(cache) as unknown as LensArgs[0], results as unknown as LensArgs[1]);
  const provideLenses = (document: BenchDocument) => lensProvider.provideCodeLenses(document as unknown as Parameters<typeof lensProvider.provideCodeLenses>[0], TOKEN as never);

  // The very first request of the process: cold JIT, markdown-it required.
  let version = 1;
  const coldMs = await time(() => provideLenses(documentOf(uri, version++, note.text, lines)));
  const markdownIt = getStockMarkdownIt();
  let lensCount = 0;
  const first = await interleaved(
    sizes.lensRuns,
    () => markdownIt.parse(note.text, {}),
    () => (lensCount = provideLenses(documentOf(uri, version++, note.text, lines)).length),
  );
  const lensFirst = ms(first.ours);
  const lensBaseline = ms(first.baseline);
  const lensRatio = lensFirst.value / lensBaseline.value;

  // Again for the same version: the cached model, then the whole provider.
  const document = documentOf(uri, version, note.text, lines);
  const model = notesOver(cache).forDocument(document);
  const cachedGet: number[] = [];
  for (let i = 0; i < sizes.cachedCalls; i++) {
    const start = performance.now();
    cache.get(uri, `doc:${document.version}`, () => note.text);
    cachedGet.push(performance.now() - start);
  }
  const lensAgain: number[] = [];
  for (let i = 0; i < Math.min(200, sizes.cachedCalls); i++) {
    const start = performance.now();
    provideLenses(document);
    lensAgain.push(performance.now() - start);
  }

  // Hover: TermIndex.matchAt, then the whole provider, at the same random positions.
  const index = new TermIndex();
  addNoteDefinitions(index, uri, model);
  const random = new Random(SEED);
  const positions = Array.from({ length: sizes.hoverLookups }, () => {
    const line = random.int(0, lines.length - 1);
    return { line, character: random.int(0, Math.max(0, lines[line].length - 1)) };
  });
  let hits = 0;
  for (const position of positions.slice(0, 1000)) {
    index.matchAt(lines[position.line], position.character); // warm-up
  }
  const lookups = positions.map((position) => {
    const start = performance.now();
    const match = index.matchAt(lines[position.line], position.character);
    const elapsed = performance.now() - start;
    hits += match ? 1 : 0;
    return elapsed;
  });
  const reference = readJson(path.join(repoRoot(), 'media', 'cli-reference.json')) ?? {};
  const concepts = { get: async () => index, cliReference: async () => reference };
  const usage = { uses: async () => [] };
  type HoverArgs = ConstructorParameters<typeof ConceptHoverProvider>;
  const hoverProvider = new ConceptHoverProvider(notesOver(cache) as unknown as HoverArgs[0], concepts as unknown as HoverArgs[1], usage as unknown as HoverArgs[2]);
  const { Position } = installVscodeStub() as { Position: new (line: number, character: number) => unknown };
  const hover = (position: { line: number; character: number }) =>
    hoverProvider.provideHover(document as never, new Position(position.line, position.character) as never, TOKEN as never);
  for (const position of positions.slice(0, 1000)) {
    await hover(position); // warm-up
  }
  let hovers = 0;
  const hoverTimes: number[] = [];
  for (const position of positions) {
    const start = performance.now();
    hovers += (await hover(position)) ? 1 : 0;
    hoverTimes.push(performance.now() - start);
  }

  const noteLabel = `${mb(bytes)} note`;
  const cachedMedian = median(cachedGet);
  const lensAgainMedian = median(lensAgain);
  const hoverP95 = percentile(hoverTimes, 95);
  const lookupP95 = percentile(lookups, 95);
  return [
    {
      id: 'codelens-first',
      what: `CodeLens, first request, ${noteLabel} (${model.commands.length} commands)`,
      measured: true,
      ours: lensFirst,
      baseline: lensBaseline,
      ratio: lensRatio,
      budget: '≤ 1.3×',
      pass: lensRatio <= 1.3,
      details: {
        bytes,
        lenses: lensCount,
        commands: model.commands.length,
        pairedRatio: pairedRatio(first.ours, first.baseline),
        lensesFromCachedModelMs: round(lensAgainMedian),
        coldFirstRequestMs: round(coldMs),
        how: 'RunCodeLensProvider.provideCodeLenses (stubbed VS Code types) on a new document version: NoteCache miss → parseNote → lenses',
      },
    },
    {
      id: 'cached-model',
      what: 'CodeLens / hover again, same version: NoteCache.get',
      measured: true,
      ours: { value: cachedMedian, unit: 'ms' },
      budget: '< 1 ms',
      pass: cachedMedian < 1,
      details: { calls: cachedGet.length, p95Ms: round(percentile(cachedGet, 95)), maxMs: round(Math.max(...cachedGet)) },
    },
    {
      id: 'codelens-again',
      what: 'CodeLens again, same version: whole provider',
      measured: true,
      ours: { value: lensAgainMedian, unit: 'ms' },
      budget: '< 1 ms',
      pass: lensAgainMedian < 1,
      details: { calls: lensAgain.length, p95Ms: round(percentile(lensAgain, 95)), lenses: lensCount, how: 'the model is cached; the lenses are built again on every request' },
    },
    {
      id: 'hover-again',
      what: `hover again, same version: whole provider, p95 of ${positions.length} positions`,
      measured: true,
      ours: { value: hoverP95, unit: 'ms' },
      budget: '< 1 ms',
      pass: hoverP95 < 1,
      details: {
        p50Ms: round(percentile(hoverTimes, 50)),
        p99Ms: round(percentile(hoverTimes, 99)),
        maxMs: round(Math.max(...hoverTimes)),
        hovers,
        how: 'ConceptHoverProvider.provideHover: cached model, commandAt, inCode, TermIndex.matchAt or the CLI reference, Markdown',
      },
    },
    {
      id: 'hover-lookup',
      what: `hover lookup (TermIndex.matchAt), ${noteLabel}, ${index.size} terms, p95`,
      measured: true,
      ours: { value: lookupP95, unit: 'ms' },
      budget: 'p95 < 0.5 ms',
      pass: lookupP95 < 0.5,
      details: {
        lookups: lookups.length,
        terms: index.size,
        termsGenerated: note.terms.length,
        hits,
        p50Ms: round(percentile(lookups, 50)),
        p99Ms: round(percentile(lookups, 99)),
        maxMs: round(Math.max(...lookups)),
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Rows: expected output

/** A `docker ps` / `docker images` pair as a note prints it and as a run prints it (other IDs, times, widths): 100 lines. */
export function typicalOutputPair(): { readonly expected: string; readonly actual: string } {
  const random = new Random(SEED + 3);
  const hex = () => Array.from({ length: 12 }, () => '0123456789abcdef'[Math.floor(random.next() * 16)]).join('');
  const ps = (rows: number, wide: boolean) => {
    const pad = (text: string, width: number) => text.padEnd(wide ? width + 8 : width);
    const lines = [`${pad('CONTAINER ID', 15)}${pad('IMAGE', 10)}${pad('COMMAND', 14)}${pad('CREATED', 16)}${pad('STATUS', 15)}${pad('PORTS', 24)}NAMES`];
    for (let i = 0; i < rows; i++) {
      const minutes = 1 + Math.floor(random.next() * 50);
      lines.push(`${pad(hex(), 15)}${pad('busybox', 10)}${pad('"sleep 300"', 14)}${pad(`${minutes} minutes ago`, 16)}${pad(`Up ${minutes} minutes`, 15)}${pad(`0.0.0.0:${8000 + i}->80/tcp`, 24)}web${i}`);
    }
    return lines;
  };
  const images = (rows: number) => ['REPOSITORY   TAG       IMAGE ID       CREATED        SIZE', ...Array.from({ length: rows }, (_, i) => `app${i}         1.${i}       ${hex()}   ${1 + (i % 9)} days ago     ${(1 + random.next() * 100).toFixed(1)}MB`)];
  return {
    expected: [...ps(59, true), '', ...images(39)].join('\n'),
    actual: [...ps(59, false), '', ...images(39)].join('\r\n'),
  };
}

/** Build-like output of `bytes` characters, and a note that shows its first and last lines around an elision. */
function longOutput(bytes: number): { readonly expected: string; readonly actual: string } {
  // Every line has words of its own (a package, an ID, a size), so nothing is read twice.
  const lines: string[] = ['Sending build context to Docker daemon  3.072kB'];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    const line = `Step ${(i % 40) + 1}/40 : RUN apt-get install -y package${i} ---> Running in ${(0x100000000000 + i * 7919).toString(16)} ${(i % 97) / 10 + 1}MB ${i % 60}.${i % 10}s`;
    lines.push(line);
    length += line.length + 1;
  }
  lines.push('Successfully built 9a8b7c6d5e4f', '');
  return {
    expected: 'Sending build context to Docker daemon  2.048kB\n...\nSuccessfully built 1f2e3d4c5b6a\n',
    actual: lines.join('\n'),
  };
}

/**
 * Matching a run's output against the note's: a typical 100-line pair (≤ 5 ms), and a 10 MB output
 * read whole against a tenth of it (linear growth: ≤ 12× for 10× the size). The default bounded read
 * of the 10 MB output and a plain `split('\n')` of it are recorded for context.
 */
async function matchRows(sizes: BenchSizes): Promise<Row[]> {
  const pair = typicalOutputPair();
  if (!matchOutput(pair.expected, pair.actual).matches) {
    throw new Error('output-match: the typical pair does not match');
  }
  const calls = 200;
  await warmUp(() => matchOutput(pair.expected, pair.actual));
  const typical: number[] = [];
  for (let i = 0; i < calls; i++) {
    typical.push(await time(() => matchOutput(pair.expected, pair.actual)));
  }
  const typicalMedian = median(typical);

  const whole = { maxBytes: Number.MAX_SAFE_INTEGER };
  const big = longOutput(sizes.matchBytes);
  const small = longOutput(sizes.matchBytes / 10);
  for (const each of [big, small]) {
    if (!matchOutput(each.expected, each.actual, whole).matches) {
      throw new Error('output-match: the long output does not match');
    }
  }
  const runs = sizes === QUICK_SIZES ? 3 : 7;
  const growth = await interleaved(runs, () => matchOutput(small.expected, small.actual, whole), () => matchOutput(big.expected, big.actual, whole));
  const split = await interleaved(runs, () => big.actual.split('\n'), () => matchOutput(big.expected, big.actual));
  const ours = ms(growth.ours);
  const baseline = ms(growth.baseline);
  const ratio = ours.value / baseline.value;
  const bigBytes = big.actual.length;
  return [
    {
      id: 'output-match',
      what: 'expected output: a 100-line docker ps + docker images pair (other IDs, times, widths, CRLF), median',
      measured: true,
      ours: { value: typicalMedian, unit: 'ms' },
      budget: '≤ 5 ms',
      pass: typicalMedian <= 5,
      details: { calls, p95Ms: round(percentile(typical, 95)), maxMs: round(Math.max(...typical)), lines: pair.actual.split('\n').length },
    },
    {
      id: 'output-match-10mb',
      what: `expected output: ${mb(bigBytes)} of output read whole, against ${mb(small.actual.length)}`,
      measured: true,
      ours,
      baseline,
      ratio,
      budget: '≤ 12× for 10× the size (linear)',
      pass: ratio <= 12,
      details: {
        bytes: bigBytes,
        pairedRatio: pairedRatio(growth.ours, growth.baseline),
        oursMBps: round(bigBytes / MiB / (ours.value / 1000)),
        boundedDefaultMs: round(median(split.ours)),
        splitLinesMs: round(median(split.baseline)),
        wholeOverSplit: round(ours.value / median(split.baseline)),
        baseline: 'the same matcher on a tenth of the output',
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Rows: running commands

/** A command printing exactly `bytes` bytes of 77-byte lines, cheaply (`yes` and `head`). */
function floodCommand(bytes: number): string {
  return `yes 'Step 4/9 : RUN apt-get update && apt-get install -y curl ca-certificates --no-cache' | head -c ${bytes}`;
}

function shell(): string {
  return process.env.SHELL && /\/(bash|zsh|sh|dash|ksh|ash)$/.test(process.env.SHELL) ? process.env.SHELL : '/bin/sh';
}

/** The baseline: the same command, its output piped into Node and dropped (only counted). */
function pipeToSink(command: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(shell(), ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'] });
    let received = 0;
    child.stdout.on('data', (chunk: Buffer) => (received += chunk.length));
    child.stderr.on('data', (chunk: Buffer) => (received += chunk.length));
    child.on('error', reject);
    child.on('close', () => resolve(received));
  });
}

/** Ours: runInShell into a real NotesTerminal (batching: toTerminalText, 8 ms flush, 256 KB cap). */
async function runThroughTerminal(command: string): Promise<{ received: number; written: number; writes: number }> {
  const { NotesTerminal } = loadFeature<NotesTerminalModule>('../src/features/run/notesTerminal');
  const terminal = new NotesTerminal('bench', () => undefined);
  let written = 0;
  let writes = 0;
  terminal.onDidWrite((text) => {
    written += text.length;
    writes++;
  });
  terminal.open({ columns: 120, rows: 30 });
  let received = 0;
  const run = terminal.run({
    title: command,
    start: (io) => runInShell(command, { cwd: undefined, env: process.env, onData: (text) => {
      received += text.length;
      io.write(text);
    } }),
  });
  const result = await run.result;
  terminal.dispose();
  if (result.status !== 'ok') {
    throw new Error(`the flood command ended ${result.status} (${result.exitCode ?? '?'})`);
  }
  return { received, written, writes };
}

async function runnerRows(sizes: BenchSizes): Promise<Row[]> {
  const bytes = sizes.outputBytes;
  const command = floodCommand(bytes);
  const producerOnly = await time(() => execFileAsync(shell(), ['-c', `${command} > /dev/null`]));
  const oursProbe = new LagProbe();
  const baselineProbe = new LagProbe();
  let writes = 0;
  const oursTimes: number[] = [];
  const baselineTimes: number[] = [];
  for (let run = 0; run < sizes.runnerRuns; run++) {
    const order = run % 2 === 0 ? (['baseline', 'ours'] as const) : (['ours', 'baseline'] as const);
    for (const side of order) {
      fullGc();
      const probe = side === 'ours' ? oursProbe : baselineProbe;
      probe.start();
      const start = performance.now();
      if (side === 'ours') {
        const outcome = await runThroughTerminal(command);
        writes = outcome.writes;
        check(outcome.received, bytes);
        oursTimes.push(performance.now() - start);
      } else {
        check(await pipeToSink(command), bytes);
        baselineTimes.push(performance.now() - start);
      }
      probe.stop();
    }
  }
  const throughput = (times: readonly number[]) => times.map((elapsed) => round(bytes / MiB / (elapsed / 1000)));
  const ours: Measure = { value: median(throughput(oursTimes)), unit: 'MiB/s', samples: throughput(oursTimes) };
  const baseline: Measure = { value: median(throughput(baselineTimes)), unit: 'MiB/s', samples: throughput(baselineTimes) };
  const ratio = ours.value / baseline.value;
  const lagP99 = oursProbe.percentile(99);
  return [
    {
      id: 'runner-throughput',
      what: `${mb(bytes)} of output: runInShell → NotesTerminal`,
      measured: true,
      ours,
      baseline,
      ratio,
      budget: '≥ 0.5× throughput',
      pass: ratio >= 0.5,
      details: {
        command,
        pairedRatio: pairedRatio(baselineTimes, oursTimes), // throughput: baseline time ÷ ours
        oursMs: oursTimes.map(round),
        baselineMs: baselineTimes.map(round),
        producerToDevNullMs: round(producerOnly),
        terminalWritesPerRun: writes,
        baseline: 'the same command spawned through the same shell, stdout piped into Node, chunks only counted',
      },
    },
    {
      id: 'runner-lag',
      what: 'event-loop lag during that output, p99',
      measured: true,
      ours: { value: lagP99, unit: 'ms' },
      baseline: { value: baselineProbe.percentile(99), unit: 'ms' },
      budget: 'p99 < 20 ms',
      pass: lagP99 < 20,
      details: { oursMaxMs: round(oursProbe.max), baselineMaxMs: round(baselineProbe.max), oursSamples: oursProbe.count },
    },
  ];
}

function check(received: number, expected: number): void {
  if (received !== expected) {
    throw new Error(`expected ${expected} bytes of output, got ${received}`);
  }
}

async function dockerRow(sizes: BenchSizes): Promise<Row> {
  const what = '`docker run --rm busybox true`: as the Run lens runs it vs the docker CLI';
  const budget = '≤ 1.0×';
  let version: string;
  try {
    version = (await execFileAsync('docker', ['version', '--format', '{{.Server.Version}}'], { timeout: 20_000 })).stdout.trim();
    await execFileAsync('docker', ['image', 'inspect', 'busybox'], { timeout: 20_000 });
  } catch (error) {
    return { id: 'docker-run', what, measured: false, budget, note: `skipped: no Docker engine with the busybox image (${firstLine(error)})` };
  }
  // What the Run lens does with the command (RunController.startJob → startCommand): a plain
  // docker run whose image is present goes through the Engine API.
  const engine = new DockerEngine(await resolveDockerTarget());
  const command = 'docker run --rm busybox true';
  const kind = classifyCommand(command);
  let via = '';
  const ours = async () => {
    const job = startCommand(command, kind, { write: () => undefined, columns: 80, rows: 24 }, { cwd: undefined, env: process.env, engine: () => Promise.resolve(engine) });
    via = await job.via;
    const result = await job.done;
    if (result.status !== 'ok') {
      throw new Error(`docker run through startCommand ended ${result.status}: ${result.message ?? ''}`);
    }
  };
  const cli = () => execFileAsync('docker', ['run', '--rm', 'busybox', 'true']);
  for (let i = 0; i < sizes.dockerWarmups; i++) {
    await cli();
    await ours();
  }
  const oursTimes: number[] = [];
  const cliTimes: number[] = [];
  for (let run = 0; run < sizes.dockerRuns; run++) {
    // Alternate which goes first, as `interleaved` does (no GC needed: these are process times).
    if (run % 2 === 0) {
      cliTimes.push(await time(cli));
      oursTimes.push(await time(ours));
    } else {
      oursTimes.push(await time(ours));
      cliTimes.push(await time(cli));
    }
  }
  const oursMs = ms(oursTimes);
  const cliMs = ms(cliTimes);
  const ratio = oursMs.value / cliMs.value;
  // What running a process adds (commands that are not translated go this way), without Docker's run-to-run noise.
  const overhead = await interleaved(
    20,
    () => execFileAsync('true'),
    () => runInShell('true', { cwd: undefined, env: process.env, onData: () => undefined }).done,
  );
  return {
    id: 'docker-run',
    what,
    measured: true,
    ours: oursMs,
    baseline: cliMs,
    ratio,
    budget,
    pass: ratio <= 1.0,
    details: {
      engine: version,
      via,
      runs: sizes.dockerRuns,
      shell: shell(),
      pairedRatio: pairedRatio(oursTimes, cliTimes),
      runnerOverheadMs: round(median(overhead.ours) - median(overhead.baseline)),
      trueThroughRunnerMs: round(median(overhead.ours)),
      trueThroughExecFileMs: round(median(overhead.baseline)),
    },
  };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

// ---------------------------------------------------------------------------------------------
// Rows: the bundle

/**
 * Runs the project's esbuild.js with `--production`, its output redirected from dist/ to `outDir`
 * (dist/ belongs to the developer's build); each build's metafile is saved beside its output.
 */
const REDIRECTED_BUILD = `
const Module = require('module');
const fs = require('fs');
const path = require('path');
const outDir = process.env.BENCH_BUILD_DIR;
const load = Module._load;
Module._load = function (request, ...rest) {
  const loaded = load.call(this, request, ...rest);
  if (request !== 'esbuild') return loaded;
  const redirect = (options) => ({ ...options, outfile: path.join(outDir, path.relative('dist', options.outfile)) });
  return {
    ...loaded,
    build: async (options) => {
      const result = await loaded.build(redirect(options));
      if (result.metafile) fs.writeFileSync(redirect(options).outfile + '.meta.json', JSON.stringify(result.metafile));
      return result;
    },
  };
};
process.argv = [process.argv[0], path.resolve('esbuild.js'), '--production'];
require(path.resolve('esbuild.js'));
`;

/** Requires the bundle with a permissive vscode stand-in and reports whether dockerode came with it. */
const LOAD_CHECK = `
const Module = require('module');
const requested = [];
const anything = new Proxy(function () {}, { get: (target, key) => (key === 'prototype' ? {} : anything), apply: () => anything, construct: () => anything });
const load = Module._load;
Module._load = function (request, ...rest) {
  requested.push(request);
  return request === 'vscode' ? anything : load.call(this, request, ...rest);
};
const start = process.hrtime.bigint();
require(process.env.BENCH_BUNDLE);
const requireMs = Number(process.hrtime.bigint() - start) / 1e6;
process.stdout.write(JSON.stringify({ requireMs, dockerodeLoaded: requested.includes('dockerode'), requested: [...new Set(requested)] }));
`;

/** Input bytes in the bundle per package (node_modules/<name>) or per src/ folder. */
function bundleComposition(metafile: { outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> }, output: string): Record<string, number> {
  const inputs = Object.entries(metafile.outputs).find(([file]) => file.endsWith(output))?.[1].inputs ?? {};
  const groups: Record<string, number> = {};
  for (const [file, { bytesInOutput }] of Object.entries(inputs)) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1];
    const group = pkg ? pkg : file.split('/').slice(0, 2).join('/');
    groups[group] = (groups[group] ?? 0) + bytesInOutput;
  }
  return Object.fromEntries(Object.entries(groups).sort((a, b) => b[1] - a[1]));
}

async function bundleRow(): Promise<Row> {
  const root = repoRoot();
  const what = 'bundle: dist/extension.js, esbuild --production';
  const budget = '≤ 300 KB';
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'course-notes-bundle-'));
  try {
    const buildMs = await time(() => execFileAsync(process.execPath, ['-e', REDIRECTED_BUILD], { cwd: root, env: { ...process.env, BENCH_BUILD_DIR: outDir }, timeout: 180_000 }));
    const bundle = path.join(outDir, 'extension.js');
    const size = fs.statSync(bundle).size;
    const metafile = readJson(`${bundle}.meta.json`) as Parameters<typeof bundleComposition>[0] | undefined;
    const composition = metafile ? bundleComposition(metafile, 'extension.js') : {};
    let loadCheck: unknown;
    try {
      const { stdout } = await execFileAsync(process.execPath, ['-e', LOAD_CHECK], { cwd: outDir, env: { ...process.env, BENCH_BUNDLE: bundle }, timeout: 60_000 });
      loadCheck = JSON.parse(stdout);
    } catch (error) {
      loadCheck = { error: firstLine(error) };
    }
    const devBuild = path.join(root, 'dist', 'extension.js');
    return {
      id: 'bundle-size',
      what,
      measured: true,
      ours: { value: size, unit: 'bytes' },
      budget,
      pass: size <= 300 * KiB,
      details: {
        bytes: size,
        buildMs: round(buildMs),
        largestInputsBytes: Object.fromEntries(Object.entries(composition).slice(0, 12)),
        dockerodeInBundle: Object.keys(composition).some((name) => name === 'dockerode' || name === 'ssh2' || name === 'docker-modem'),
        onBundleLoad: loadCheck,
        existingDistExtensionJsBytes: fs.existsSync(devBuild) ? fs.statSync(devBuild).size : null,
        how: 'node esbuild.js --production with its outputs redirected to a temporary folder (dist/ is left alone)',
      },
      note: 'dockerode on first Docker use: checked only as far as loading the bundle goes (activate() needs VS Code)',
    };
  } catch (error) {
    return { id: 'bundle-size', what, measured: false, budget, note: `build failed: ${firstLine(error)}` };
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

/**
 * activate() runs only in VS Code: the integration suite (npm test, or node test/runAll.mjs
 * integration) writes test-results/activation.json from the real extension host; this reads it.
 */
function activationRow(): Row {
  const base = { id: 'activate', what: 'activate() time, in the real VS Code extension host', budget: '≤ 20 ms' };
  const file = path.join(repoRoot(), 'test-results', 'activation.json');
  const data = readJson(file);
  const value = typeof data?.activationMs === 'number' ? data.activationMs : undefined;
  if (value === undefined) {
    return { ...base, measured: false, note: 'run the integration suite first (it writes test-results/activation.json)' };
  }
  return { ...base, measured: true, ours: { value, unit: 'ms' }, pass: value <= 20, note: `VS Code ${String(data?.vscode)}, ${String(data?.date)}` };
}

// ---------------------------------------------------------------------------------------------
// Running, printing, writing

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryBytes: os.totalmem(),
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
    /** Load averages (1, 5, 15 min) when the results were written: other work on the machine skews timings. */
    loadAverage: os.loadavg().map((load) => Math.round(load * 100) / 100),
  };
}

function format(measure: Measure | undefined): string {
  if (!measure) {
    return '—';
  }
  switch (measure.unit) {
    case 'ms':
      return measure.value < 1 ? `${(measure.value * 1000).toFixed(1)} µs` : `${measure.value.toFixed(measure.value < 100 ? 2 : 0)} ms`;
    case 'MiB/s':
      return `${measure.value.toFixed(0)} MB/s`;
    case 'bytes':
      return measure.value >= MiB ? `${(measure.value / MiB).toFixed(1)} MB` : `${(measure.value / KiB).toFixed(1)} KB`;
  }
}

/** The results as a Markdown table (what | ours | baseline | ratio | budget | result). */
export function table(rows: readonly Row[]): string {
  const cells = rows.map((row) => [
    row.what,
    row.measured ? format(row.ours) : '—',
    format(row.baseline),
    row.ratio === undefined ? '—' : `${row.ratio.toFixed(2)}×`,
    row.budget,
    !row.measured ? (row.note?.startsWith('skipped') ? 'skipped' : 'not measured') : row.pass === undefined ? 'info' : row.pass ? 'pass' : 'FAIL',
  ]);
  const header = ['what', 'ours', 'baseline', 'ratio', 'budget', 'result'];
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => cell[column].length)));
  const line = (cell: string[]) => `| ${cell.map((text, column) => text.padEnd(widths[column])).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n');
}

/** Runs every row and writes the results; resolves with them. */
export async function runBench(options: BenchOptions): Promise<BenchResults> {
  const log = options.log ?? ((line: string) => console.log(line));
  const sizes = options.quick ? QUICK_SIZES : FULL_SIZES;
  const rows: Row[] = [];
  const only = options.only;
  const unknown = only?.filter((group) => !(ROW_GROUPS as readonly string[]).includes(group)) ?? [];
  if (unknown.length > 0) {
    throw new Error(`unknown row group ${unknown.join(', ')} (groups: ${ROW_GROUPS.join(', ')})`);
  }
  const step = async <T extends Row | Row[]>(group: (typeof ROW_GROUPS)[number], label: string, work: () => Promise<T> | T): Promise<void> => {
    if (only && !only.includes(group)) {
      return;
    }
    log(`… ${label}`);
    const started = performance.now();
    const result = await work();
    rows.push(...(Array.isArray(result) ? result : [result]));
    log(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };

  log(`Course Notes bench (${options.quick ? 'quick' : 'full'}), seed ${SEED}`);
  const smallCourse = generateCourse({ notes: sizes.smallCourse.notes, totalBytes: sizes.smallCourse.bytes, seed: SEED });
  const bigCourse = generateCourse({ notes: sizes.bigCourse.notes, totalBytes: sizes.bigCourse.bytes, seed: SEED + 1 });
  const bigNote = generateNote({ bytes: sizes.bigNote.bytes, terms: sizes.bigNote.terms, seed: SEED + 2 });

  await step('index', 'indexing the small course', () => indexRow('index-small', smallCourse, sizes.indexRuns));
  await step('index', 'indexing the big course', () => indexRow('index-big', bigCourse, sizes.bigIndexRuns));
  await step('event-loop', 'event loop while indexing the big course from disk', async () =>
    indexBlockingRow(bigCourse, rows.find((row) => row.id === 'index-big')?.ours?.value ?? (await time(() => indexOnce(bigCourse)))),
  );
  await step('editor', 'CodeLens and hover on the big note', () => editorRows(bigNote, sizes));
  await step('check', 'course-notes check of the small course', () => checkRow(smallCourse, sizes.indexRuns));
  await step('check', 'diagnostics of the big note after an edit', () => diagnosticsRow(bigNote, sizes.lensRuns));
  await step('match', 'expected output against a run', () => matchRows(sizes));
  await step('runner', 'command output through the runner', () => runnerRows(sizes));
  await step('session', 'lab sessions: runs and blocks against a bare bash', () => sessionRows(options.quick));
  await step('labrun', 'course-notes run against a bash script', () => labRunRows(options.quick));
  await step('docker', 'docker run', () => dockerRow(sizes));
  await step('memory', 'retained memory', () => memoryRow(bigCourse));
  await step('bundle', 'bundle', bundleRow);
  await step('activate', 'activate() from the extension host', activationRow);

  const results: BenchResults = { date: new Date().toISOString(), mode: options.quick ? 'quick' : 'full', machine: machine(), sizes, rows };
  const defaultName = only ? 'results.partial.json' : options.quick ? 'results.quick.json' : 'results.json';
  const outFile = options.outFile ?? path.join(repoRoot(), 'bench', defaultName);
  fs.writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
  log('');
  log(table(rows));
  log('');
  const failed = rows.filter((row) => row.pass === false).map((row) => row.id);
  log(failed.length > 0 ? `Over budget: ${failed.join(', ')}` : 'Every measured budget is met.');
  log(`Results written to ${path.relative(process.cwd(), outFile) || outFile}`);
  return results;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const onlyIndex = args.indexOf('--only');
  runBench({
    quick: args.includes('--quick'),
    outFile: outIndex >= 0 ? path.resolve(args[outIndex + 1]) : undefined,
    only: onlyIndex >= 0 ? (args[onlyIndex + 1] ?? '').split(',').filter(Boolean) : undefined,
  }).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
