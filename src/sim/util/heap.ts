/**
 * A binary min-heap over an array, ordered by `less`. The clock's timers and the scheduler's
 * activeQ both use it; their snapshots store `items` in heap order, so the layout this produces
 * is part of a snapshot's bytes — keep the algorithm as it is.
 */
export class BinaryHeap<T> {
  items: T[] = [];

  constructor(private readonly less: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(x: T): void {
    const h = this.items;
    h.push(x);
    this.up(h.length - 1);
  }

  pop(): T | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length && last !== undefined) {
      h[0] = last;
      this.down(0);
    }
    return top;
  }

  /** Removes one item (by identity); false when it is not in the heap. */
  remove(x: T): boolean {
    const h = this.items;
    const i = h.indexOf(x);
    if (i < 0) return false;
    const last = h.pop() as T;
    if (i < h.length) {
      h[i] = last;
      this.down(i);
      this.up(i);
    }
    return true;
  }

  clear(): void {
    this.items = [];
  }

  private up(i: number): void {
    const h = this.items;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      const t = h[i];
      h[i] = h[p];
      h[p] = t;
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.items;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l], h[m])) m = l;
      if (r < h.length && this.less(h[r], h[m])) m = r;
      if (m === i) return;
      const t = h[i];
      h[i] = h[m];
      h[m] = t;
      i = m;
    }
  }
}
