/**
 * Decides which deltas of a counter's live stream need the panel to fetch the counter again.
 *
 * The answer to a clerk's action carries the counter's whole detail and the stream's `seq` that
 * it reflects, so the deltas the action caused need no refetch. While an action is on its way,
 * deltas are held; its answer then covers those at or below its seq, and a refetch follows only
 * for what it does not cover. A delta that arrives after the answer but is numbered at or below
 * it (the socket and the HTTP answer travel apart) is dropped too.
 */
export class DeltaGate {
  /** The highest seq that the shown state, or a fetch already under way, reflects. */
  private covered = -1;
  private acting = false;
  /** The highest seq held while acting; Infinity after a resync, which no answer covers. */
  private held = -1;

  /**
   * A delta numbered `seq` arrived, or (null) the stream was joined again or had a gap. True when
   * the state must be fetched now.
   */
  delta(seq: number | null): boolean {
    // After a resync the stream's numbers may start again (a restarted server): forget them.
    if (seq === null) this.covered = -1;
    else if (seq <= this.covered) return false;
    if (this.acting) {
      this.held = Math.max(this.held, seq ?? Infinity);
      return false;
    }
    if (seq !== null) this.covered = seq;
    return true;
  }

  /** An action is sent: deltas wait for its answer. */
  begin(): void {
    this.acting = true;
    this.held = -1;
  }

  /**
   * The action answered with a state reflecting `seq`, or (null) failed. True when a delta held
   * meanwhile is not covered by the answer, so the state must be fetched now.
   */
  end(seq: number | null): boolean {
    this.acting = false;
    if (seq !== null) this.covered = Math.max(this.covered, seq);
    const fetch = this.held > this.covered;
    if (fetch && Number.isFinite(this.held)) this.covered = this.held;
    this.held = -1;
    return fetch;
  }
}
