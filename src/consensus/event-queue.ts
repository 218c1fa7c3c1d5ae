/** The network model's event queue: the earliest event first, equal times in insertion order. */

/** What the queue orders: a time and the insertion order it stamps. */
export interface Timed {
  timeMs: number;
  seq: number;
}

/**
 * Binary min-heap on (time, insertion order): equal times stay first-come first-served. The keys
 * live in typed arrays beside the events, so sifting compares numbers in place instead of
 * chasing pointers: a PBFT round at n = 1024 puts a million events in the queue at once.
 */
export class EventQueue<Event extends Timed> {
  private times = new Float64Array(1024);
  private seqs = new Float64Array(1024);
  private events: Event[] = [];
  private count = 0;
  private seq = 0;
  get size(): number {
    return this.count;
  }
  /** Takes the event itself (no copy: at n² events a round, allocation is what the replay spends on). */
  push(e: Event): void {
    if (this.count === this.times.length) this.grow();
    e.seq = this.seq++;
    let i = this.count++;
    const { times, seqs, events } = this;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (times[p]! < e.timeMs || (times[p] === e.timeMs && seqs[p]! < e.seq)) break;
      times[i] = times[p]!;
      seqs[i] = seqs[p]!;
      events[i] = events[p]!;
      i = p;
    }
    times[i] = e.timeMs;
    seqs[i] = e.seq;
    events[i] = e;
  }
  pop(): Event {
    const { times, seqs, events } = this;
    const top = events[0]!;
    const n = --this.count;
    const t = times[n]!;
    const q = seqs[n]!;
    const last = events[n]!;
    events.length = n;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const m = r < n && (times[r]! < times[l]! || (times[r] === times[l] && seqs[r]! < seqs[l]!)) ? r : l;
        if (t < times[m]! || (t === times[m] && q < seqs[m]!)) break;
        times[i] = times[m]!;
        seqs[i] = seqs[m]!;
        events[i] = events[m]!;
        i = m;
      }
      times[i] = t;
      seqs[i] = q;
      events[i] = last;
    }
    return top;
  }
  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    times.set(this.times);
    const seqs = new Float64Array(this.seqs.length * 2);
    seqs.set(this.seqs);
    this.times = times;
    this.seqs = seqs;
  }
}
