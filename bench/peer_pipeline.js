#!/usr/bin/env node
'use strict';
// The peer pipeline that `newsgraph extract` is timed against (bench/run.sh):
// per page, Readability (jsdom) extracts the text, then compromise (people,
// places, organisations), chrono-node (dates) and VADER (tone) run on that
// text, all in this one process, as a user of the JS stack would chain them.
//
//   node bench/peer_pipeline.js [--ref YYYY-MM-DD] [--batch N] FILE.html|DIR ...
//   PEERS=/path/to/peers   the installed copy of ../shared/peers (default:
//                          build/peers next to this script's bench/)
//
// Out (JSONL, one line per page): {id, title, published, ref, people, places,
// organizations, dates, tone:{compound, pos, neg, neu}[, fallback][, error]}.
// Stderr ends with one TIMING line like the peers' runners ({docs, bytes, mb,
// words (extracted), secs, docs_per_sec, mb_per_sec, words_per_sec,
// startup_secs}) plus stage_secs: {readability, compromise, chrono, vader},
// the seconds spent in each stage summed over all pages.
//
// Each stage does the same work as its runner in ../shared/peers, so the
// numbers compare with theirs: the Readability step is extract_readability.js
// (same jsdom options, same CSS fallbacks, same block-text walk), the NER step
// is lib/compromise_ner.js's entities() (required from the peers' copy) with
// the same UTF-8 byte offsets as ner_compromise.js, the date step is
// dates_chrono.js's mapping (reference instant 12:00 UTC, grain and value),
// and the tone step is tone_vader.js on the whole text. Those runners run
// their work at top level, so their small per-page functions are repeated
// here rather than required; keep them in step with the runners.
//
// chrono's reference date is the page's published date when Readability
// found one (its publishedTime, cut to YYYY-MM-DD), else --ref (default
// 2025-01-11): newsgraph resolves dates against the page's date the same way.
//
// jsdom 29 never frees a closed window's documents (see extract_readability.js),
// so, like that runner, pages go through child processes of --batch N pages
// (default 250; 0 = one process). The parent prints one TIMING line for the
// whole run; its secs include the children's start-up, as the runner's do.

process.env.TZ = 'UTC'; // as dates_chrono.js: chrono runs in UTC
const path = require('path');
const { spawnSync } = require('child_process');

const PEERS = path.resolve(process.env.PEERS || path.join(__dirname, '..', 'build', 'peers'));
const peerRequire = require('module').createRequire(path.join(PEERS, 'package.json'));
const { parseArgs, listInputs, readDoc, docId, countWords, byteOffsets, Jsonl } = peerRequire('./lib/common');

const { opts, files } = parseArgs(process.argv.slice(2), ['ref', 'batch']);
const BATCH = opts.batch !== undefined ? Number(opts.batch) : 250;
const DEFAULT_REF = opts.ref || '2025-01-11';
if (!/^\d{4}-\d\d-\d\d$/.test(DEFAULT_REF)) {
  process.stderr.write('usage: peer_pipeline.js [--ref YYYY-MM-DD] [--batch N] FILE|DIR ...\n');
  process.exit(2);
}
const EXTS = ['.html', '.htm', '.html.gz', '.htm.gz'];
const STAGES = ['readability', 'compromise', 'chrono', 'vader'];
const round3 = (x) => Math.round(x * 1000) / 1000;

// --- Readability: extract_readability.js's extract() and fallbacks ----------
let JSDOM, VirtualConsole, Readability, quiet;
const STYLE_BLOCK = /<style\b[^>]*>[\s\S]*?<\/style\s*>/gi;
const STYLE_ATTR = /\sstyle\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi;
const BASE_URL = 'https://example.com/article.html';
const BLOCK = new Set(['P', 'DIV', 'SECTION', 'ARTICLE', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6',
  'LI', 'UL', 'OL', 'BLOCKQUOTE', 'PRE', 'TABLE', 'TR', 'FIGURE', 'FIGCAPTION', 'BR', 'HR', 'DL', 'DT', 'DD']);

function blockText(root) {
  const parts = [];
  const walk = (node) => {
    if (node.nodeType === 3) { parts.push(node.data); return; }
    if (node.nodeType !== 1) return;
    const block = BLOCK.has(node.tagName);
    if (block) parts.push('\u0000');
    for (let c = node.firstChild; c; c = c.nextSibling) walk(c);
    if (block) parts.push('\u0000');
  };
  walk(root);
  return parts.join('').replace(/\s+/g, ' ').split('\u0000')
    .map((s) => s.trim()).filter(Boolean).join('\n\n');
}

function readability1(html) {
  const dom = new JSDOM(html, { url: BASE_URL, virtualConsole: quiet });
  const art = new Readability(dom.window.document, { serializer: (el) => el }).parse();
  const out = {
    title: art ? art.title : null,
    published: art ? art.publishedTime : null,
    text: art && art.content ? blockText(art.content) : '',
  };
  dom.window.close();
  return out;
}

function readability(html) {
  try {
    return readability1(html);
  } catch (e1) {
    try {
      html = html.replace(STYLE_BLOCK, '');
      return { ...readability1(html), fallback: 'no-style-blocks' };
    } catch (e2) {
      try {
        return { ...readability1(html.replace(STYLE_ATTR, '')), fallback: 'no-css' };
      } catch (e3) {
        return { title: null, published: null, text: '', error: String(e3.message).slice(0, 200) };
      }
    }
  }
}

// --- chrono: dates_chrono.js's mapping ---------------------------------------
let chrono;
const pad = (n, w = 2) => String(n).padStart(w, '0');
const ymd = (c) => `${pad(c.get('year'), 4)}-${pad(c.get('month'))}-${pad(c.get('day'))}`;
function grain(c) {
  if (c.isCertain('hour')) return 'time';
  if (c.isCertain('day') || c.isCertain('weekday')) return 'day';
  if (c.isCertain('month')) return 'month';
  return 'year';
}
function refInstant(ref) {
  const [Y, M, D] = ref.split('-').map(Number);
  return new Date(Date.UTC(Y, M - 1, D, 12, 0, 0));
}
function dates(text, ref, toByte) {
  return chrono.parse(text, refInstant(ref)).map((r) => {
    const t = r.text.replace(/[\s,.;:]+$/, '');
    const start = r.index, end = r.index + t.length;
    const c = r.start, date = ymd(c), g = grain(c);
    const value = g === 'time' ? `${date}T${pad(c.get('hour'))}:${pad(c.get('minute'))}`
      : g === 'day' ? date : g === 'month' ? date.slice(0, 7) : date.slice(0, 4);
    const m = { text: t, start, end, bstart: toByte(start), bend: toByte(end), grain: g, value, date };
    if (r.end) m.end_date = ymd(r.end);
    return m;
  });
}

// The page's own date for chrono when Readability read one that parses.
function pageRef(published) {
  if (!published) return DEFAULT_REF;
  const m = /^(\d{4})-(\d\d)-(\d\d)/.exec(published);
  if (m && +m[2] >= 1 && +m[2] <= 12 && +m[3] >= 1 && +m[3] <= 31) return m[0];
  const d = new Date(published);
  return isNaN(d) ? DEFAULT_REF : d.toISOString().slice(0, 10);
}

// --- one process over a list of pages ------------------------------------------
function runPages(inputs) {
  ({ JSDOM, VirtualConsole } = peerRequire('jsdom'));
  ({ Readability } = peerRequire('@mozilla/readability'));
  const { entities } = peerRequire('./lib/compromise_ner');
  chrono = peerRequire('chrono-node');
  const vader = peerRequire('vader-sentiment');
  quiet = new VirtualConsole();
  const startup = process.uptime();
  const stage = Object.fromEntries(STAGES.map((s) => [s, 0n]));
  const clock = (name, fn) => {
    const t = process.hrtime.bigint();
    const r = fn();
    stage[name] += process.hrtime.bigint() - t;
    return r;
  };
  const out = new Jsonl();
  const t1 = process.hrtime.bigint();
  let docs = 0, bytes = 0, words = 0;
  for (const p of inputs) {
    const doc = readDoc(p);
    const art = clock('readability', () => readability(doc.text));
    const text = art.text;
    const toByte = byteOffsets(text);
    const rec = { id: docId(p), title: art.title, published: art.published, ref: pageRef(art.published) };
    const ents = clock('compromise', () => entities(text));
    for (const [k, list] of Object.entries(ents)) {
      rec[k] = list.map((m) => ({ ...m, bstart: toByte(m.start), bend: toByte(m.end) }));
    }
    rec.dates = clock('chrono', () => dates(text, rec.ref, toByte));
    const s = clock('vader', () => vader.SentimentIntensityAnalyzer.polarity_scores(text));
    rec.tone = { compound: s.compound, pos: s.pos, neg: s.neg, neu: s.neu };
    if (art.fallback) rec.fallback = art.fallback;
    if (art.error) rec.error = art.error;
    out.write(rec);
    docs++; bytes += doc.bytes; words += countWords(text);
  }
  out.flush();
  const secs = Number(process.hrtime.bigint() - t1) / 1e9;
  return { docs, bytes, words, secs, startup, stage: Object.fromEntries(STAGES.map((s) => [s, Number(stage[s]) / 1e9])) };
}

function timing(r, extra) {
  const line = {
    runner: 'peer_pipeline', docs: r.docs, bytes: r.bytes, mb: round3(r.bytes / 1e6), words: r.words,
    secs: round3(r.secs), docs_per_sec: round3(r.docs / r.secs), mb_per_sec: round3(r.bytes / 1e6 / r.secs),
    words_per_sec: Math.round(r.words / r.secs), startup_secs: round3(r.startup),
    stage_secs: Object.fromEntries(STAGES.map((s) => [s, round3(r.stage[s])])), ...extra,
  };
  process.stderr.write('TIMING ' + JSON.stringify(line) + '\n');
}

function main() {
  const inputs = listInputs(files, EXTS);
  if (!inputs.length) {
    process.stderr.write('usage: peer_pipeline.js [--ref YYYY-MM-DD] [--batch N] FILE|DIR ... (no inputs found)\n');
    process.exit(2);
  }
  if (!(BATCH > 0 && inputs.length > BATCH) || process.env.PEER_BATCH_CHILD) {
    timing(runPages(inputs), {});
    return;
  }
  // Parent: slices of BATCH pages through fresh children (lib/common.js's
  // runBatches, with the stage times added up as well).
  const t1 = process.hrtime.bigint();
  const startup = process.uptime();
  const sum = { docs: 0, bytes: 0, words: 0, stage: Object.fromEntries(STAGES.map((s) => [s, 0])) };
  let childSecs = 0;
  const flags = opts.ref ? ['--ref', opts.ref] : [];
  for (let i = 0; i < inputs.length; i += BATCH) {
    const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1], ...flags, ...inputs.slice(i, i + BATCH)],
      { stdio: ['ignore', 'inherit', 'pipe'], env: { ...process.env, PEER_BATCH_CHILD: '1' }, maxBuffer: 1 << 26 });
    const err = r.stderr.toString();
    const t = /^TIMING (.*)$/m.exec(err);
    process.stderr.write(err.replace(/^TIMING .*\n?/m, ''));
    if (r.status !== 0 || !t) {
      process.stderr.write(`peer_pipeline: batch at ${i} failed (status ${r.status})\n`);
      process.exit(1);
    }
    const j = JSON.parse(t[1]);
    sum.docs += j.docs; sum.bytes += j.bytes; sum.words += j.words; childSecs += j.secs;
    for (const s of STAGES) sum.stage[s] += j.stage_secs[s];
  }
  const secs = Number(process.hrtime.bigint() - t1) / 1e9;
  timing({ ...sum, secs, startup }, { batch: BATCH, batches: Math.ceil(inputs.length / BATCH), child_proc_secs: round3(childSecs) });
}

main();
