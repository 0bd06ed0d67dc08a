import { describe, expect, it } from 'vitest';
import { requestStatus } from '../../db/drizzle/schema.js';
import { nextStatus, requestTransitions, type RequestAction, type RequestStatus } from './request-transitions.js';

const statuses = requestStatus.enumValues;
const actions = Object.keys(requestTransitions) as RequestAction[];

describe('request transition table', () => {
  it.each([
    ['new', 'acknowledge', 'acknowledged'],
    ['new', 'assign', 'acknowledged'],
    ['acknowledged', 'assign', 'acknowledged'],
    ['in_progress', 'assign', 'in_progress'],
    ['new', 'start', 'in_progress'],
    ['acknowledged', 'start', 'in_progress'],
    ['new', 'complete', 'completed'],
    ['acknowledged', 'complete', 'completed'],
    ['in_progress', 'complete', 'completed'],
    ['new', 'cancel', 'cancelled'],
    ['acknowledged', 'cancel', 'cancelled'],
    ['in_progress', 'cancel', 'cancelled'],
  ] as Array<[RequestStatus, RequestAction, RequestStatus]>)('%s --%s--> %s', (from, action, to) => {
    expect(nextStatus(from, action)).toBe(to);
  });

  it.each([
    ['acknowledged', 'acknowledge'],
    ['in_progress', 'acknowledge'],
    ['in_progress', 'start'],
    ['completed', 'complete'],
    ['cancelled', 'complete'],
  ] as Array<[RequestStatus, RequestAction]>)('refuses %s --%s-->', (from, action) => {
    expect(nextStatus(from, action)).toBeUndefined();
  });

  it('never moves a finished request', () => {
    for (const action of actions) {
      expect(nextStatus('completed', action)).toBeUndefined();
      expect(nextStatus('cancelled', action)).toBeUndefined();
    }
  });

  it('only names real statuses and never goes back to new', () => {
    for (const action of actions) {
      for (const [from, to] of Object.entries(requestTransitions[action])) {
        expect(statuses).toContain(from);
        expect(statuses).toContain(to);
        expect(to).not.toBe('new');
      }
    }
  });
});
