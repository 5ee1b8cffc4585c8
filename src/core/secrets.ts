/**
 * Secrets masked in lab reports and logs, in command text and in output alike. The key stays (so a
 * reader sees that a password was given, and where); the value becomes `••••••`. Forms (each a row
 * of test/unit/secrets.test.ts):
 *
 * - swarm join tokens `SWMTKN-1-…`; `--token VALUE`/`--token=VALUE` (kubeadm, kubectl);
 * - `--password VALUE`/`--password=VALUE` (not `--password-stdin`), and `-p VALUE` after `docker login`;
 *   `echo VALUE | docker login … --password-stdin`;
 * - assignments whose name has a part `PASSWORD` (`PGPASSWORD` too), `PASSWD`, `PASS`, `SECRET`,
 *   `TOKEN`, `KEY`, `APIKEY` or `CREDENTIALS` — `-e MYSQL_ROOT_PASSWORD=…`, `--env API_SECRET=…`,
 *   `GITHUB_TOKEN=…`, `AWS_SECRET_ACCESS_KEY=…`, `--from-literal=password=…` — but not
 *   `tokenizer=…` or `MONKEY=…`; a value that is only a variable (`$PW`, `${PW}`) is left as it is;
 * - `Authorization: Bearer …`/`Basic …`/`Token …`;
 * - JSON keys `"auth"`, `"identitytoken"`, `"password"`, `"token"`, `"secret"` (a registry's
 *   `config.json`);
 * - GitHub (`ghp_…`, `github_pat_…`) and GitLab (`glpat-…`) tokens, AWS access key IDs (`AKIA…`);
 * - the password of a URL (`https://user:password@host`);
 * - kubeconfig and YAML keys `token:`, `client-key-data:`, `password:`, `id-token:`, `refresh-token:`.
 *
 * Every pattern is bounded (no unbounded repetition that can backtrack), so masking is linear.
 */
export const MASK = '••••••';

const keep = (value: string): boolean => value === '' || value.includes(MASK) || /^["']?\$/.test(value);

/** A secret's name: one of its `_`-separated parts says so (bounded parts, so no backtracking blow-up). */
const SECRET_NAME = String.raw`(?:[A-Za-z0-9]{1,40}_){0,8}(?:[A-Za-z]{0,20}PASSW(?:OR)?D|PASS|SECRET|TOKEN|KEY|API-?KEY|CREDENTIALS?)(?:_[A-Za-z0-9]{1,40}){0,8}(?![A-Za-z0-9])`;

/** A value as written: double-quoted, single-quoted or a bare word. */
const VALUE = String.raw`("[^"\n]{0,4096}"|'[^'\n]{0,4096}'|[^\s"'|;&]{1,4096})`;

const RULES: readonly { readonly pattern: RegExp; readonly mask: (...groups: string[]) => string }[] = [
  // Swarm join tokens, wherever they appear.
  { pattern: /\bSWMTKN-1-[0-9A-Za-z-]{1,512}/g, mask: () => `SWMTKN-1-${MASK}` },
  // Provider tokens.
  { pattern: /\b(gh[pousr]_)[A-Za-z0-9]{20,255}\b/g, mask: (_, prefix) => `${prefix}${MASK}` },
  { pattern: /\b(github_pat_)[A-Za-z0-9_]{20,255}/g, mask: (_, prefix) => `${prefix}${MASK}` },
  { pattern: /\b(glpat-)[A-Za-z0-9_-]{20,255}/g, mask: (_, prefix) => `${prefix}${MASK}` },
  { pattern: /\b(AKIA)[0-9A-Z]{16}\b/g, mask: (_, prefix) => `${prefix}${MASK}` },
  // `--password VALUE`, `--password=VALUE`, `--token …` (never `--password-stdin`).
  { pattern: new RegExp(String.raw`(--(?:password|passwd|token|secret)(?:=|[ \t]{1,20}))${VALUE}`, 'g'), mask: (all, key, value) => (keep(value) ? all : `${key}${MASK}`) },
  // `docker login -u me -p VALUE host`.
  { pattern: new RegExp(String.raw`(\bdocker[ \t]{1,20}login\b[^\n]{0,400}?[ \t]-p(?:=|[ \t]{1,20})?)${VALUE}`, 'g'), mask: (all, key, value) => (keep(value) ? all : `${key}${MASK}`) },
  // `echo VALUE | docker login --password-stdin`.
  { pattern: new RegExp(String.raw`(\b(?:echo|printf)[ \t]{1,20}(?:-n[ \t]{1,20})?)${VALUE}([ \t]{0,20}\|[ \t]{0,20}(?:sudo[ \t]{1,20})?docker[ \t]{1,20}login\b)`, 'g'), mask: (all, key, value, rest) => (keep(value) ? all : `${key}${MASK}${rest}`) },
  // `NAME=VALUE` where NAME names a secret (env files, -e, --env, export, --from-literal).
  // Only secret names match, so `--env=DB_PASSWORD=…` and `--from-literal=password=…` reach the inner name.
  { pattern: new RegExp(String.raw`(?<![A-Za-z0-9_])(${SECRET_NAME})=${VALUE}`, 'gi'), mask: (all, name, value) => (keep(value) ? all : `${name}=${MASK}`) },
  // HTTP authorization headers.
  { pattern: /(\bAuthorization:[ \t]{0,20}(?:(?:Bearer|Basic|Token|Digest|Negotiate)[ \t]{1,20})?)([^\s"']{1,8192})/gi, mask: (all, key, value) => (keep(value) ? all : `${key}${MASK}`) },
  // Registry auth and other secrets in JSON.
  { pattern: /("(?:auth|identitytoken|registrytoken|password|token|secret)"[ \t]{0,20}:[ \t]{0,20}")((?:[^"\\\n]|\\.){1,8192})"/gi, mask: (_, key) => `${key}${MASK}"` },
  // The password in a URL.
  { pattern: /(\b[a-zA-Z][a-zA-Z0-9+.-]{0,20}:\/\/[^\s:@/]{1,200}:)([^\s@/]{1,200})@/g, mask: (all, key, value) => (keep(value) ? all : `${key}${MASK}@`) },
  // kubeconfig / YAML.
  { pattern: /^([ \t-]{0,40}(?:token|client-key-data|password|id-token|refresh-token):[ \t]{1,40})(\S[^\n]{0,8192})$/gm, mask: (all, key, value) => (keep(value) || value === '""' || value === "''" ? all : `${key}${MASK}`) },
];

/** The text with every secret value it holds replaced by `••••••` (keys kept). */
export function maskSecrets(text: string): string {
  let masked = text;
  for (const rule of RULES) {
    masked = masked.replace(rule.pattern, rule.mask as (substring: string, ...args: unknown[]) => string);
  }
  return masked;
}
