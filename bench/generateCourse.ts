/**
 * Deterministic course notes for the benchmarks: the same seed always gives the same texts, on
 * every machine (a seeded PRNG, never Math.random). The notes look like the ones students write
 * about Docker, Swarm and Kubernetes: headings with time estimates, prose with inline commands,
 * fenced blocks with `$ ` prompts and printed output, `\` continuations, definitions, tables, lists.
 */

/** A generated note: a path relative to the course folder, and its Markdown text. */
export interface GeneratedNote {
  readonly name: string;
  readonly text: string;
}

/** A single generated note together with the terms it defines (for the hover benchmark). */
export interface GeneratedBigNote extends GeneratedNote {
  readonly terms: readonly string[];
}

/** A small, fast, seedable PRNG (mulberry32) with the helpers the generator needs. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max] (both included). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** A standard normal deviate (Box–Muller). */
  gaussian(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Picks a key of `weights` with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    let roll = this.next() * entries.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) {
        return key;
      }
    }
    return entries[entries.length - 1][0];
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

const MODULES = ['docker-basics', 'images-and-builds', 'volumes-and-networks', 'docker-compose', 'swarm', 'kubernetes', 'helm-and-operators', 'observability'];
const TOPICS = [
  'Docker Intro', 'Running Containers', 'Images and Layers', 'Building Images', 'Multi-stage Builds', 'Volumes', 'Bind Mounts',
  'Bridge Networks', 'Overlay Networks', 'Docker Compose', 'Compose Profiles', 'Swarm Mode', 'Swarm Services', 'Rolling Updates',
  'Secrets and Configs', 'Stacks', 'Kubernetes Architecture', 'Pods', 'Deployments', 'Services', 'Ingress', 'ConfigMaps',
  'Persistent Volumes', 'StatefulSets', 'DaemonSets', 'Jobs and CronJobs', 'Namespaces', 'RBAC', 'Health Checks', 'Resource Limits',
  'Logging', 'Monitoring', 'Registries', 'Troubleshooting', 'Lab Setup', 'Recap',
];
const QUALIFIERS = [
  'Docker', 'Swarm', 'Kubernetes', 'overlay', 'bridge', 'host', 'ingress', 'rolling', 'canary', 'headless', 'stateful', 'persistent',
  'ephemeral', 'init', 'liveness', 'readiness', 'startup', 'resource', 'storage', 'build', 'multi-stage', 'base', 'parent', 'dangling',
  'named', 'anonymous', 'bind', 'routing', 'manager', 'worker', 'control-plane', 'cluster', 'default', 'custom', 'external', 'internal',
  'sidecar', 'static', 'dynamic', 'local',
];
const NOUNS = [
  'container', 'image', 'volume', 'network', 'service', 'node', 'pod', 'registry', 'layer', 'daemon', 'secret', 'config', 'stack',
  'task', 'replica', 'deployment', 'namespace', 'endpoint', 'controller', 'scheduler', 'label', 'selector', 'probe', 'quota', 'policy',
  'manifest', 'tag', 'digest', 'runtime', 'socket', 'driver', 'port', 'proxy', 'gateway', 'mesh', 'operator', 'job', 'context',
  'plugin', 'snapshot',
];
const IMAGES = ['nginx', 'nginx:1.25', 'alpine', 'alpine:3.19', 'busybox', 'redis:7', 'postgres:16', 'node:20-alpine', 'python:3.12-slim', 'traefik:v3.0', 'httpd'];
const NAMES = ['web', 'api', 'db', 'cache', 'worker', 'frontend', 'backend', 'proxy', 'app', 'demo'];
const PORTS = ['8080', '8000', '3000', '5000', '80', '443', '9090'];
const DEF_ARTICLES = ['A', 'The', 'An isolated', 'A named', 'A read-only', 'A logical'];
const DEF_WHAT = [
  'unit of work that the orchestrator schedules onto a node', 'set of files and metadata used to create containers',
  'place where the engine keeps data that outlives a single container', 'virtual network that connects services across hosts',
  'process that watches the cluster and moves it towards the desired state', 'object that groups related resources under one name',
  'rule that decides which traffic may reach a workload', 'record of what should run, written declaratively in YAML',
  'way to expose a group of pods under one stable address', 'check the engine runs periodically to decide whether a workload is healthy',
];
const DEF_MORE = [
  'You rarely create it by hand; the CLI does it for you.', 'It is described in the official documentation in more detail.',
  'Think of it as the blueprint from which everything else is derived.', 'It survives restarts of the daemon.',
  'Each one has a unique ID and a human-readable name.', 'We will use it in every lab from now on.',
];
const PROSE = [
  'Run {cmd} and look at the output: every line is one {term}.',
  'The {term} is created the first time you call {cmd}, so there is nothing to prepare.',
  'If the {term} already exists, {cmd} fails with a clear error message; remove it first.',
  'Remember that the Docker CLI is only a client: it sends every request to the daemon over a socket.',
  'In the lab VM the engine is already installed, so you can go straight to the exercises.',
  'Notice how the {term} keeps its state even after the container stops; this is the whole point.',
  'A quick way to check what is running is {cmd}, which prints a short table.',
  'When something goes wrong, start with {cmd} before you change anything else.',
  'The scheduler places each {term} on a node that has enough CPU and memory left.',
  'We use **{term}** a lot in this module, so make sure the definition above is clear.',
  'See the [official documentation](https://docs.docker.com/engine/) for all the options of {cmd}.',
  'You can also write it with the long flag names, which is easier to read in scripts: {cmd}.',
  'Ports below 1024 need root on the host, which is why the labs map to `8080` instead.',
  'The output of {cmd} may differ slightly on your machine; the IDs are random.',
  'Kubernetes keeps trying until the actual state matches the desired state, which is called reconciliation.',
  'Use `--help` on any subcommand to see its flags, for example {cmd}.',
  'Each {term} gets its own IP address on the network, reachable from the other services by name.',
  'Do not store secrets in the image: anyone who can pull it can read them.',
  'This works the same on Linux, macOS and Windows, except for the paths of bind mounts.',
  'The *desired state* is what you wrote in the manifest; the *actual state* is what runs.',
];
const NON_ASCII = [' → ', ' – ', ' … ', ' (é.g. café) '];
const ESTIMATES = ['(20min)', '(1h 30m)', '(45 min)', '(10min)', '[~15 mins]', '(1.5h)', '(10-15 min)', '(2 hours)', '(30min)', "(5')", '(1 hour)'];

// ---------------------------------------------------------------------------------------------
// Commands and output

function dockerCommand(random: Random): string {
  const name = random.pick(NAMES);
  const image = random.pick(IMAGES);
  const port = random.pick(PORTS);
  const n = random.int(2, 6);
  return random.pick([
    `docker run -d --name ${name} -p ${port}:80 ${image}`,
    'docker ps -a',
    'docker images',
    `docker pull ${image}`,
    `docker build -t myrepo/${name}:v${n} .`,
    `docker exec -it ${name} sh`,
    `docker logs -f ${name}`,
    `docker stop ${name}`,
    `docker rm -f ${name}`,
    `docker network create --driver overlay ${name}-net`,
    `docker volume create ${name}-data`,
    'docker compose up -d',
    `docker compose logs -f ${name}`,
    'docker swarm init --advertise-addr 192.168.56.10',
    `docker service create --name ${name} --replicas ${n} -p ${port}:80 ${image}`,
    'docker service ls',
    `docker service scale ${name}=${n}`,
    'docker node ls',
    `docker stack deploy -c docker-compose.yml ${name}`,
    'docker inspect <container ID>',
    `docker tag ${image} myrepo/${name}:v${n}`,
    'docker system prune -f',
  ]);
}

function kubectlCommand(random: Random): string {
  const name = random.pick(NAMES);
  const n = random.int(2, 6);
  return random.pick([
    'kubectl get pods -o wide',
    'kubectl get nodes',
    `kubectl apply -f ${name}.yaml`,
    `kubectl describe pod ${name}-7c9d8f6b5-x2k4p`,
    `kubectl logs ${name}-7c9d8f6b5-x2k4p -c ${name}`,
    `kubectl create deployment ${name} --image=${random.pick(IMAGES)} --replicas=${n}`,
    `kubectl expose deployment ${name} --port=80 --type=NodePort`,
    `kubectl scale deployment ${name} --replicas=${n}`,
    `kubectl rollout status deployment/${name}`,
    `kubectl delete -f ${name}.yaml`,
    'kubectl get svc -n <namespace>',
    `kubectl exec -it ${name}-7c9d8f6b5-x2k4p -- sh`,
    `kubectl port-forward svc/${name} 8080:80`,
  ]);
}

function command(random: Random): string {
  return random.chance(0.6) ? dockerCommand(random) : kubectlCommand(random);
}

function hex(random: Random, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) {
    text += '0123456789abcdef'[random.int(0, 15)];
  }
  return text;
}

/** Lines a command might print, for `console` blocks. */
function output(random: Random, cmd: string): string[] {
  if (cmd.startsWith('kubectl get')) {
    const lines = ['NAME                      READY   STATUS    RESTARTS   AGE'];
    for (let i = random.int(1, 5); i > 0; i--) {
      lines.push(`${random.pick(NAMES)}-7c9d8f6b5-${hex(random, 5)}   1/1     Running   0          ${random.int(1, 59)}m`);
    }
    return lines;
  }
  if (cmd.startsWith('docker ps') || cmd.startsWith('docker service ls')) {
    const lines = ['CONTAINER ID   IMAGE          COMMAND                  CREATED         STATUS         PORTS                  NAMES'];
    for (let i = random.int(1, 4); i > 0; i--) {
      lines.push(`${hex(random, 12)}   ${random.pick(IMAGES).padEnd(12)}   "/docker-entrypoint.…"   ${random.int(2, 50)} minutes ago   Up ${random.int(2, 50)} minutes   0.0.0.0:8080->80/tcp   ${random.pick(NAMES)}`);
    }
    return lines;
  }
  if (cmd.startsWith('docker pull') || cmd.startsWith('docker run')) {
    return [
      `Unable to find image '${random.pick(IMAGES)}' locally`,
      'latest: Pulling from library/nginx',
      `${hex(random, 12)}: Pull complete`,
      `Digest: sha256:${hex(random, 64)}`,
      `Status: Downloaded newer image for ${random.pick(IMAGES)}`,
      hex(random, 64),
    ];
  }
  return [random.pick(['OK', `${random.pick(NAMES)} created`, `deployment.apps/${random.pick(NAMES)} configured`, hex(random, 64)])];
}

// ---------------------------------------------------------------------------------------------
// Terms and definitions

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * `count` distinct terms (distinct after lower-casing): nouns alone, then qualifier + noun pairs,
 * then three-word terms, in a seeded order. 1,000 terms need pairs; 1,640 are available before
 * three-word terms are used.
 */
export function termList(count: number, seed: number): string[] {
  const random = new Random(seed ^ 0x5eed);
  const seen = new Set<string>();
  const terms: string[] = [];
  const add = (term: string) => {
    const key = term.toLowerCase();
    if (!seen.has(key) && terms.length < count) {
      seen.add(key);
      terms.push(term);
    }
  };
  for (const noun of NOUNS) {
    add(capitalise(noun));
  }
  const pairs: string[] = [];
  for (const qualifier of QUALIFIERS) {
    for (const noun of NOUNS) {
      if (qualifier !== noun) {
        pairs.push(`${capitalise(qualifier)} ${noun}`);
      }
    }
  }
  random.shuffle(pairs).forEach(add);
  for (let i = 0; terms.length < count && i < count * 20; i++) {
    add(`${capitalise(random.pick(QUALIFIERS))} ${random.pick(QUALIFIERS)} ${random.pick(NOUNS)}`);
  }
  return random.shuffle(terms);
}

/** "A unit of work that … . It survives restarts of the daemon." */
function definitionText(random: Random): string {
  return `${random.pick(DEF_ARTICLES)} ${random.pick(DEF_WHAT)}. ${random.pick(DEF_MORE)}`;
}

/** A definition in one of the forms the parser reads; the term is always the part in bold or before the colon. */
function definition(random: Random, term: string): string {
  switch (random.weighted({ boldDash: 6, boldColon: 2, sentence: 1 })) {
    case 'boldDash':
      return `- **${term}** - ${definitionText(random)}`;
    case 'boldColon':
      return `- **${term}**: ${definitionText(random)}`;
    default:
      return `- **${term}** is ${random.pick(DEF_ARTICLES).toLowerCase()} ${random.pick(DEF_WHAT)}.`;
  }
}

// ---------------------------------------------------------------------------------------------
// Blocks

interface Writer {
  readonly random: Random;
  /** Terms this note talks about (and maybe defines). */
  readonly terms: readonly string[];
  /** Whether the note uses a few non-ASCII characters (→, –, …): V8 stores such strings two bytes per character. */
  readonly unicode: boolean;
}

function inlineCommand(random: Random): string {
  return `\`${command(random)}\``;
}

function sentence(writer: Writer): string {
  const { random } = writer;
  let text = random.pick(PROSE)
    .replace('{cmd}', () => inlineCommand(random))
    .replace('{term}', () => (writer.terms.length > 0 ? random.pick(writer.terms) : random.pick(NOUNS)).toLowerCase());
  if (writer.unicode && random.chance(0.08)) {
    text = text.replace(/ /, random.pick(NON_ASCII));
  }
  return text;
}

/** A paragraph wrapped at ~100 columns, as editors and people wrap notes. */
function paragraph(writer: Writer): string {
  const words = Array.from({ length: writer.random.int(2, 6) }, () => sentence(writer)).join(' ').split(' ');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line.length + word.length + 1 > 100 && line !== '') {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines.join('\n');
}

function shellBlock(random: Random): string {
  const commands = Array.from({ length: random.int(1, 4) }, () => command(random));
  return `\`\`\`${random.pick(['bash', 'sh', '', '.term1', 'shell'])}\n${commands.join('\n')}\n\`\`\``;
}

function consoleBlock(random: Random): string {
  const lines: string[] = [];
  for (let i = random.int(1, 3); i > 0; i--) {
    const cmd = command(random);
    lines.push(`$ ${cmd}`, ...output(random, cmd));
  }
  return `\`\`\`console\n${lines.join('\n')}\n\`\`\``;
}

function continuationBlock(random: Random): string {
  const name = random.pick(NAMES);
  return [
    '```bash',
    'docker run -d \\',
    `  --name ${name} \\`,
    `  -p ${random.pick(PORTS)}:80 \\`,
    `  -v ${name}-data:/usr/share/nginx/html \\`,
    `  --restart unless-stopped \\`,
    `  ${random.pick(IMAGES)}`,
    '```',
  ].join('\n');
}

function yamlBlock(random: Random): string {
  const name = random.pick(NAMES);
  return [
    '```yaml',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    `  replicas: ${random.int(1, 5)}`,
    '  selector:',
    `    matchLabels: { app: ${name} }`,
    '  template:',
    `    metadata: { labels: { app: ${name} } }`,
    '    spec:',
    '      containers:',
    `        - name: ${name}`,
    `          image: ${random.pick(IMAGES)}`,
    '          ports: [{ containerPort: 80 }]',
    '```',
  ].join('\n');
}

function table(random: Random): string {
  const rows = Array.from({ length: random.int(2, 6) }, () => `| ${inlineCommand(random)} | ${random.pick(DEF_WHAT)} |`);
  return ['| Command | What it does |', '| --- | --- |', ...rows].join('\n');
}

function list(writer: Writer): string {
  const { random } = writer;
  const marker = random.pick(['- ', '* ', '1. ']);
  const items = Array.from({ length: random.int(2, 6) }, () => {
    const estimate = random.chance(0.3) ? ` ${random.pick(ESTIMATES)}` : '';
    const nested = random.chance(0.2) ? `\n${' '.repeat(marker.length)}- ${sentence(writer)}` : '';
    return `${marker}${sentence(writer)}${estimate}${nested}`;
  });
  return items.join('\n');
}

function definitions(writer: Writer, terms: readonly string[]): string {
  return [`### ${writer.random.pick(['Terminology', 'Key terms', 'Vocabulary', 'Concepts'])}`, terms.map((term) => definition(writer.random, term)).join('\n')].join('\n\n');
}

/** A "What is X?" heading and the paragraph that answers it. */
function question(writer: Writer, term: string): string {
  const { random } = writer;
  return `### What is a ${term}?\n\nA ${term.toLowerCase()} is ${random.pick(DEF_ARTICLES).toLowerCase()} ${random.pick(DEF_WHAT)}. ${paragraph(writer)}`;
}

type BlockKind = 'paragraph' | 'shell' | 'console' | 'continuation' | 'yaml' | 'table' | 'list';

const BLOCK_WEIGHTS: Readonly<Record<BlockKind, number>> = { paragraph: 40, shell: 16, console: 10, continuation: 4, yaml: 5, table: 5, list: 12 };

function block(writer: Writer, kind: BlockKind): string {
  switch (kind) {
    case 'paragraph':
      return paragraph(writer);
    case 'shell':
      return shellBlock(writer.random);
    case 'console':
      return consoleBlock(writer.random);
    case 'continuation':
      return continuationBlock(writer.random);
    case 'yaml':
      return yamlBlock(writer.random);
    case 'table':
      return table(writer.random);
    case 'list':
      return list(writer);
  }
}

function sectionHeading(random: Random, level: number): string {
  const estimate = random.chance(level === 2 ? 0.7 : 0.25) ? ` ${random.pick(ESTIMATES)}` : '';
  const title = level === 2 ? random.pick(TOPICS) : `${random.pick(['Exercise', 'Hands-on:', 'Checking', 'Inspecting', 'Cleaning up', 'Scaling'])} ${random.pick(NOUNS)}s`;
  return `${'#'.repeat(level)} ${title}${estimate}`;
}

/**
 * Writes a note of about `bytes` characters: a title (sometimes front matter), then sections of
 * blocks. `defined` terms are all defined somewhere in the note, spread evenly across it.
 */
function writeNote(random: Random, title: string, bytes: number, defined: readonly string[], mentioned: readonly string[]): string {
  const writer: Writer = { random, terms: mentioned.length > 0 ? mentioned : defined, unicode: random.chance(0.3) };
  const parts: string[] = [];
  if (random.chance(0.15)) {
    parts.push(`---\ntitle: ${title}\ntags: [docker, course]\n---`);
  }
  parts.push(`# ${title}`, paragraph(writer));
  let length = parts.reduce((sum, part) => sum + part.length + 2, 0);
  let next = 0; // index of the next term to define
  // Definitions go out at the pace of the text, so they are spread over the whole note.
  const definitionsDue = () => Math.min(defined.length, Math.ceil((defined.length * length) / Math.max(1, bytes)) + 1);
  const done = () => length >= bytes && next >= defined.length;
  while (!done()) {
    const heading = sectionHeading(random, random.chance(0.6) ? 2 : 3);
    parts.push(heading);
    length += heading.length + 2;
    const due = definitionsDue();
    if (next < due) {
      const group: string[] = [];
      if (random.chance(0.2)) {
        group.push(question(writer, defined[next++]));
      }
      if (next < due) {
        group.push(definitions(writer, defined.slice(next, due)));
        next = Math.max(next, due);
      }
      const text = group.join('\n\n');
      parts.push(text);
      length += text.length + 2;
    }
    // Blocks one by one, so a note ends close to its size: a block that would overshoot by more
    // than half of itself is left out, so notes come out neither systematically long nor short.
    for (let blocks = random.int(2, 6); blocks > 0 && !done(); blocks--) {
      const text = block(writer, random.weighted(BLOCK_WEIGHTS));
      if (length + text.length / 2 > bytes && next >= defined.length) {
        length = Math.max(length, bytes);
        break;
      }
      parts.push(text);
      length += text.length + 2;
    }
  }
  return `${parts.join('\n\n')}\n`;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/**
 * A course of `notes` notes totalling about `totalBytes` characters, in module folders. Sizes vary
 * like real notes (log-normal: many short notes, a few long ones); each note defines 0–8 terms from a
 * shared vocabulary, so terms repeat across notes.
 */
export function generateCourse(options: { readonly notes: number; readonly totalBytes: number; readonly seed: number }): GeneratedNote[] {
  const random = new Random(options.seed);
  const vocabulary = termList(400, options.seed);
  const weights = Array.from({ length: options.notes }, () => Math.exp(0.8 * random.gaussian()));
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
  const perModule = Math.max(1, Math.ceil(options.notes / MODULES.length));
  return weights.map((weight, index) => {
    const bytes = Math.max(300, Math.round((options.totalBytes * weight) / weightSum));
    const topic = random.pick(TOPICS);
    const moduleIndex = Math.floor(index / perModule);
    const folder = `${String(moduleIndex + 1).padStart(2, '0')}-${MODULES[moduleIndex % MODULES.length]}`;
    const name = `${folder}/${String((index % perModule) + 1).padStart(3, '0')}-${slug(topic)}.md`;
    // Short notes define fewer terms (a definition is ~150 characters), so they keep their size.
    const defined = Array.from({ length: Math.min(random.int(0, 8), Math.floor(bytes / 800)) }, () => random.pick(vocabulary));
    const mentioned = Array.from({ length: 12 }, () => random.pick(vocabulary));
    return { name, text: writeNote(random, `${topic} (part ${index + 1})`, bytes, [...new Set(defined)], mentioned) };
  });
}

/** One big note of about `bytes` characters defining `terms` distinct terms (and mentioning them in its prose). */
export function generateNote(options: { readonly bytes: number; readonly terms: number; readonly seed: number }): GeneratedBigNote {
  const random = new Random(options.seed);
  const terms = termList(options.terms, options.seed);
  return { name: 'big-note.md', text: writeNote(random, 'Everything about containers', options.bytes, terms, []), terms };
}
