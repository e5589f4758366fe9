import { describe, expect, it } from '@jest/globals';
import { connectionStatusOf, normalizeStatusText, visibleStatusOf } from './presence-engine.js';

describe('presence engine', () => {
  it('takes the best status among connections', () => {
    expect(connectionStatusOf([])).toBe('offline');
    expect(connectionStatusOf(['away'])).toBe('away');
    expect(connectionStatusOf(['away', 'online', 'away'])).toBe('online');
    expect(connectionStatusOf(['away', 'busy'])).toBe('busy');
    expect(connectionStatusOf(['offline', 'away'])).toBe('away');
  });

  it('shows the chosen status while connected, the connections otherwise', () => {
    expect(visibleStatusOf('offline', 'busy')).toBe('offline');
    expect(visibleStatusOf('away', 'online')).toBe('away');
    expect(visibleStatusOf('online', 'busy')).toBe('busy');
    expect(visibleStatusOf('online', 'offline')).toBe('offline');
    expect(visibleStatusOf('away', undefined)).toBe('away');
  });

  it('trims status texts to 120 characters', () => {
    expect(normalizeStatusText('  lunch  ')).toBe('lunch');
    expect(normalizeStatusText('x'.repeat(200))).toHaveLength(120);
  });
});
