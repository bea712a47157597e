// A small max-flow (Dinic) for the builder's counting questions: can the qualified teachers cover
// every course's sections, can the rooms seat the locked sections of a slot.

export class FlowNetwork {
  private readonly head: number[];
  private readonly to: number[] = [];
  private readonly capacity: number[] = [];
  private readonly next: number[] = [];

  constructor(readonly nodes: number) {
    this.head = new Array<number>(nodes).fill(-1);
  }

  /** Adds an edge and returns its index, to read its flow afterwards. */
  addEdge(from: number, to: number, capacity: number): number {
    const index = this.to.length;
    this.to.push(to, from);
    this.capacity.push(capacity, 0);
    this.next.push(this.head[from]!, this.head[to]!);
    this.head[from] = index;
    this.head[to] = index + 1;
    return index;
  }

  /** Flow carried by the edge `addEdge` returned. */
  flowOn(edge: number): number {
    return this.capacity[edge + 1]!;
  }

  maxFlow(source: number, sink: number): number {
    let total = 0;
    const level = new Int32Array(this.nodes);
    const cursor = new Int32Array(this.nodes);
    for (;;) {
      level.fill(-1);
      level[source] = 0;
      const queue = [source];
      for (let q = 0; q < queue.length; q++) {
        const node = queue[q]!;
        for (let e = this.head[node]!; e !== -1; e = this.next[e]!) {
          const target = this.to[e]!;
          if (this.capacity[e]! > 0 && level[target] === -1) {
            level[target] = level[node]! + 1;
            queue.push(target);
          }
        }
      }
      if (level[sink] === -1) return total;
      for (let n = 0; n < this.nodes; n++) cursor[n] = this.head[n]!;
      const push = (node: number, limit: number): number => {
        if (node === sink) return limit;
        for (; cursor[node] !== -1; cursor[node] = this.next[cursor[node]!]!) {
          const e = cursor[node]!;
          const target = this.to[e]!;
          if (this.capacity[e]! > 0 && level[target] === level[node]! + 1) {
            const pushed = push(target, Math.min(limit, this.capacity[e]!));
            if (pushed > 0) {
              this.capacity[e]! -= pushed;
              this.capacity[e + 1]! += pushed;
              return pushed;
            }
          }
        }
        return 0;
      };
      for (let pushed = push(source, Infinity); pushed > 0; pushed = push(source, Infinity)) total += pushed;
    }
  }

  /** Nodes still reachable from `source` once the flow is maximal: the source side of a minimum cut. */
  reachableFrom(source: number): boolean[] {
    const seen = new Array<boolean>(this.nodes).fill(false);
    seen[source] = true;
    const stack = [source];
    while (stack.length > 0) {
      const node = stack.pop()!;
      for (let e = this.head[node]!; e !== -1; e = this.next[e]!) {
        const target = this.to[e]!;
        if (this.capacity[e]! > 0 && !seen[target]) {
          seen[target] = true;
          stack.push(target);
        }
      }
    }
    return seen;
  }
}
