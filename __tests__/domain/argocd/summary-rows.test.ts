import { describe, expect, it } from 'vitest';
import { argoCdSection } from '../../../src/domain/argocd/summary-rows.js';

describe('the Argo CD section of the job summary', () => {
  it('shows each Application, the revision it runs, and the unhealthy resources, escaped', () => {
    const lines = argoCdSection({
      status: 'degraded',
      reason: 'Deployment signal-generation-engine is Degraded in ftmo-trading-staging',
      applications: [
        {
          name: 'ftmo-trading-staging',
          sync: 'Synced',
          health: 'Degraded',
          revision: '0123456789abcdef0123456789abcdef01234567',
          operation: 'Succeeded',
          problems: [{ kind: 'Deployment', name: 'signal-generation-engine', health: 'Degraded', message: '<b>crash</b> | [x](http://evil)' }],
        },
      ],
    });
    expect(lines).toEqual([
      '### Argo CD',
      '',
      'degraded\\: Deployment signal-generation-engine is Degraded in ftmo-trading-staging',
      '',
      '| Application | Sync | Health | Revision | Last operation |',
      '|---|---|---|---|---|',
      '| ftmo-trading-staging | Synced | Degraded | `0123456789ab` | Succeeded |',
      '',
      '| Application | Resource | Health | Message |',
      '|---|---|---|---|',
      '| ftmo-trading-staging | Deployment/signal-generation-engine | Degraded | &lt;b&gt;crash&lt;/b&gt; \\| \\[x\\](http\\://evil) |',
      '',
    ]);
  });

  it('says whether a rollback was pushed', () => {
    const lines = argoCdSection({
      status: 'degraded',
      reason: 'x',
      applications: [],
      rollback: { pushed: false, tag: '', commit: '', reason: 'no earlier pin of signal-monitoring' },
    });
    expect(lines).toContain('Rollback: no earlier pin of signal-monitoring');
  });
});
