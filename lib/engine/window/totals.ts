/**
 * The totals every sliding window keeps up to date as outcomes enter and leave it: calls, failed
 * calls and slow calls over the window.
 */
export abstract class WindowTotals {
  calls = 0;
  failures = 0;
  slow = 0;

  protected resetTotals(): void {
    this.calls = 0;
    this.failures = 0;
    this.slow = 0;
  }
}
