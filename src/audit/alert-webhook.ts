import type { AuditAlert } from './alert.js';
import type { AlertSink } from './pipeline.js';

/**
 * Posts each batch of alerts as one JSON document (`{"alerts": [...]}`) to a URL: a chat hook, a
 * SIEM collector, an incident tool. A post that fails is counted and said on stderr, never dropped in silence.
 */
export class AlertWebhook implements AlertSink {
  failed = 0;
  sent = 0;

  constructor(
    private readonly url: string,
    private readonly warn: (message: string) => void,
    private readonly timeoutMs = 10_000,
  ) {}

  async write(alerts: readonly AuditAlert[]): Promise<void> {
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ alerts }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      this.sent += alerts.length;
    } catch (error) {
      this.failed += alerts.length;
      // the URL may carry a token: it is not repeated
      this.warn(`the alert webhook did not take ${alerts.length} alert(s): ${(error as Error).message}`);
    }
  }
}
