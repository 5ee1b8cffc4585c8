import * as assert from 'node:assert/strict';
import { formatMinutes, parseEstimate, stripEstimate } from '../../src/core/timeEstimates';

describe('timeEstimates', () => {
  describe('parseEstimate', () => {
    const cases: Array<[string, number]> = [
      ['Docker Intro (20min)', 20],
      ['Part two (45 min)', 45],
      ['Swarm (1h 30m)', 90],
      ['Lab (90min)', 90],
      ['Kubernetes (2 hours)', 120],
      ['(1 hour)', 60],
      ['(2h)', 120],
      ['(1.5h)', 90],
      ['(ca. 1,5 h)', 90],
      ['(1 h 30 min)', 90],
      ['(1hr 15 mins)', 75],
      ['(5 minutes)', 5],
      ['(3 m)', 3],
      ["(20')", 20],
      ['Next steps [~20 mins]', 20],
      ['(about 10 min)', 10],
      ['(10-15 min)', 15],
      ['(10 – 15 min)', 15],
      ['(0min)', 0],
      ['(20min) then (10min)', 20],
    ];
    for (const [text, minutes] of cases) {
      it(`reads ${JSON.stringify(text)} as ${minutes} minutes`, () => {
        assert.equal(parseEstimate(text), minutes);
      });
    }

    const none = [
      'wait 5 minutes for the pull',
      '(10)',
      '(h)',
      '(30 seconds)',
      '(10min break)',
      'Docker Intro',
    ];
    for (const text of none) {
      it(`finds no estimate in ${JSON.stringify(text)}`, () => {
        assert.equal(parseEstimate(text), undefined);
      });
    }
  });

  describe('stripEstimate', () => {
    const cases: Array<[string, string]> = [
      ['Docker Intro (20min)', 'Docker Intro'],
      ['Docker Intro (20min):', 'Docker Intro'],
      ['Next steps [~5 mins]', 'Next steps'],
      ['No estimate here', 'No estimate here'],
      ['(45 min)', '(45 min)'],
    ];
    for (const [text, expected] of cases) {
      it(`turns ${JSON.stringify(text)} into ${JSON.stringify(expected)}`, () => {
        assert.equal(stripEstimate(text), expected);
      });
    }
  });

  describe('formatMinutes', () => {
    const cases: Array<[number, string]> = [
      [0, '0 min'],
      [45, '45 min'],
      [59, '59 min'],
      [60, '1h'],
      [61, '1h 1m'],
      [90, '1h 30m'],
      [125, '2h 5m'],
      [600, '10h'],
    ];
    for (const [minutes, expected] of cases) {
      it(`writes ${minutes} as ${expected}`, () => {
        assert.equal(formatMinutes(minutes), expected);
      });
    }
  });
});
