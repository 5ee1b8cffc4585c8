/**
 * Time estimates as people write them in headings and list items:
 * "(10min)", "(45 min)", "(1h 30m)", "(90min)", "(2 hours)", "(1.5h)", "[~20 mins]", "(10-15 min)".
 * Only estimates in parentheses or brackets count, so prose like "wait 5 minutes" is not an estimate.
 */

const HOURS = '(?:h|hr|hrs|hour|hours)';
const MINUTES = "(?:m|min|mins|minute|minutes|')";
const NUMBER = '\\d+(?:[.,]\\d+)?';
const RANGE = `(${NUMBER})(?:\\s*(?:-|–|to)\\s*(${NUMBER}))?`;
const ESTIMATE = new RegExp(
  `[([]\\s*(?:~|ca\\.?|about|approx\\.?)?\\s*(?:${RANGE}\\s*${HOURS}\\b\\.?(?:\\s*(\\d+)\\s*${MINUTES}\\.?)?|${RANGE}\\s*${MINUTES}(?=[\\s)\\]]))\\s*[)\\]]`,
  'i',
);

function toNumber(value: string): number {
  return Number(value.replace(',', '.'));
}

/** The estimate in `text` in whole minutes, or undefined. A range counts as its upper end. */
export function parseEstimate(text: string): number | undefined {
  if (!text.includes('(') && !text.includes('[')) {
    return undefined;
  }
  const match = ESTIMATE.exec(text);
  if (!match) {
    return undefined;
  }
  if (match[1] !== undefined) {
    const hours = toNumber(match[2] ?? match[1]);
    const extra = match[3] ? Number(match[3]) : 0;
    return Math.round(hours * 60 + extra);
  }
  return Math.round(toNumber(match[5] ?? match[4]));
}

/** `text` without its estimate, for labels: "Docker Intro (20min)" → "Docker Intro". */
export function stripEstimate(text: string): string {
  return text.replace(ESTIMATE, '').replace(/\s+([:,.;])?\s*$/, '').replace(/\s{2,}/g, ' ').trim() || text;
}

/** Minutes as people say them: 20 → "20 min", 90 → "1h 30m", 120 → "2h". */
export function formatMinutes(minutes: number): string {
  if (minutes < 60) {
    return `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours}h ${rest}m` : `${hours}h`;
}
