import * as assert from 'node:assert/strict';
import type { MarkerEvent } from '../../src/runner/sessionMarkers';
import { MarkerParser } from '../../src/runner/sessionMarkers';
import { blockFiles, commandFiles, sessionRcfile, shellQuote, sourceLine } from '../../src/runner/sessionScript';

const NONCE = '0123456789abcdef0123456789abcdef';
const ESC = '\u001b';
const BEL = '\u0007';
const mark = (body: string) => `${ESC}]6973;${body}${BEL}`;

/** Feeds the chunks and joins adjacent text events, so a split never changes the answer. */
function parse(chunks: readonly string[]): Array<string | object> {
  const parser = new MarkerParser(NONCE);
  const events: MarkerEvent[] = chunks.flatMap((chunk) => parser.feed(chunk));
  const rest = parser.flush();
  if (rest) {
    events.push({ text: rest });
  }
  const joined: Array<string | object> = [];
  for (const event of events) {
    if ('text' in event) {
      if (typeof joined[joined.length - 1] === 'string') {
        joined[joined.length - 1] += event.text;
      } else {
        joined.push(event.text);
      }
    } else {
      joined.push(event.marker);
    }
  }
  return joined;
}

describe('session markers', () => {
  const stream = [
    'hello',
    mark(`S;7;${NONCE}`),
    'out\r\n',
    mark(`B;7.1;${NONCE}`),
    `${ESC}[31mred${ESC}[0m`,
    mark(`E;7.1;0;${NONCE}`),
    mark(`D;1;7;${NONCE};tcp://10.0.0.1:2375;;/home/me/a;b dir`),
    `${ESC}[?2004h/home/me $ `,
  ].join('');
  const expected = [
    'hello',
    { kind: 'S', run: '7' },
    'out\r\n',
    { kind: 'B', run: '7', step: 1 },
    `${ESC}[31mred${ESC}[0m`,
    { kind: 'E', run: '7', step: 1, status: 0 },
    { kind: 'D', status: 1, run: '7', dockerHost: 'tcp://10.0.0.1:2375', dockerContext: '', cwd: '/home/me/a;b dir' },
    `${ESC}[?2004h/home/me $ `,
  ];

  it('takes the markers out of the output and reads their fields (the cwd may hold ";")', () => {
    assert.deepEqual(parse([stream]), expected);
  });

  it('gives the same events however the output is split into chunks (every split point)', () => {
    for (let at = 1; at < stream.length; at++) {
      assert.deepEqual(parse([stream.slice(0, at), stream.slice(at)]), expected, `split at ${at}`);
    }
  });

  it('gives the same events fed one character at a time', () => {
    assert.deepEqual(parse([...stream]), expected);
  });

  it('lets through a marker without the nonce, with another nonce, or of an unknown kind, as text', () => {
    const fake = [mark('D;0;7;;;;/tmp'), mark(`D;0;7;${'f'.repeat(32)};;;/tmp`), mark(`X;1;${NONCE}`), mark(`S;a b;${NONCE}`)].join('');
    assert.deepEqual(parse([`a${fake}b`]), [`a${fake}b`]);
  });

  it('finds a real marker after an unterminated fake prefix that output printed (it cannot swallow the marker)', () => {
    const fake = `a${ESC}]6973;b`;
    const real = mark(`D;0;4;${NONCE};;;/tmp`);
    for (const chunks of [[fake + real], [fake, real], [...(fake + real)]]) {
      assert.deepEqual(parse(chunks), [fake, { kind: 'D', status: 0, run: '4', dockerHost: '', dockerContext: '', cwd: '/tmp' }]);
    }
  });

  it('does not hold back escape sequences that are not markers (colours, bracketed paste, titles)', () => {
    const parser = new MarkerParser(NONCE);
    assert.deepEqual(parser.feed(`x${ESC}[?2004h`), [{ text: `x${ESC}[?2004h` }]);
    assert.deepEqual(parser.feed(`${ESC}]0;title${BEL}y`), [{ text: `${ESC}]0;title${BEL}y` }]);
    // Only what could still become the marker prefix waits for the next chunk.
    assert.deepEqual(parser.feed(`z${ESC}]69`), [{ text: 'z' }]);
    assert.deepEqual(parser.feed('x'), [{ text: `${ESC}]69x` }]);
  });

  it('lets an unterminated marker through once it is longer than any marker of ours', () => {
    const parser = new MarkerParser(NONCE);
    const long = `${ESC}]6973;S;${'x'.repeat(10_000)}`;
    const events = parser.feed(long);
    const text = events.map((event) => ('text' in event ? event.text : '')).join('') + parser.flush();
    assert.equal(text, long);
  });

  it('reads a D marker with no cwd (it held control characters) as an unknown cwd', () => {
    assert.deepEqual(parse([mark(`D;0;;${NONCE};;ctx;`)]), [{ kind: 'D', status: 0, run: '', dockerHost: '', dockerContext: 'ctx', cwd: undefined }]);
  });

  it('parses 80 MB of output with markers in linear time (a growth bound, not a clock)', () => {
    const chunk = `${'y'.repeat(4000)}\r\n`;
    const time = (chunks: number) => {
      const parser = new MarkerParser(NONCE);
      const start = process.hrtime.bigint();
      let count = 0;
      for (let i = 0; i < chunks; i++) {
        count += parser.feed(i % 100 === 0 ? `${chunk}${mark(`E;1.${i};0;${NONCE}`)}` : chunk).length;
      }
      assert.ok(count >= chunks);
      return Number(process.hrtime.bigint() - start);
    };
    time(2000); // warm-up
    const small = Math.min(time(2000), time(2000), time(2000));
    const large = Math.min(time(20_000), time(20_000));
    // Linear would be 10×; a scan over everything kept so far (quadratic) would be 100×.
    assert.ok(large < small * 10 * 3, `10× the output took ${(large / small).toFixed(1)}× the time`);
  });
});

describe('session scripts', () => {
  it('hands a command over as written: heredocs, continuations, tabs and "!" intact, one newline at the end', () => {
    const text = 'cat > Dockerfile <<EOF\nFROM alpine\n\tRUN echo "hi!"\nEOF';
    assert.deepEqual(commandFiles(text), { script: `${text}\n`, history: `${text}\n` });
  });

  it('announces each step of a block, reports its status and returns at the first failure', () => {
    const files = blockFiles('4', ['mkdir demo', 'cd demo']);
    assert.equal(files.script, '__cn_b 4.1\nmkdir demo\n__cn_e 4.1 $? || builtin return $?\n__cn_b 4.2\ncd demo\n__cn_e 4.2 $? || builtin return $?\n');
    assert.equal(files.history, 'mkdir demo\ncd demo\n');
  });

  it('types a line that starts with a space (kept out of history) and quotes the file path', () => {
    assert.equal(sourceLine('3', '/tmp/course-notes-session-ab'), ' __cn_s 3; builtin source -- /tmp/course-notes-session-ab/3; __cn_f $?\r');
    assert.equal(shellQuote("/tmp/it's here"), `'/tmp/it'\\''s here'`);
  });

  it('has a start-up file that carries the nonce itself (never the environment) and installs its prompt hook', () => {
    const rc = sessionRcfile(NONCE);
    assert.match(rc, new RegExp(`__cn_nonce=${NONCE};`));
    assert.doesNotMatch(rc, /__CN_NONCE/);
    assert.match(rc, /unset __CN_DIR/);
    assert.match(rc, /PROMPT_COMMAND="__cn_prompt\$\{PROMPT_COMMAND:\+;\$PROMPT_COMMAND\}"/);
    assert.doesNotMatch(rc, /\\\$\{/, 'no backslash left before ${ by String.raw');
    assert.throws(() => sessionRcfile("x'; rm -rf ~; '"), /hex/);
  });
});
