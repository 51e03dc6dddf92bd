/**
 * A set of small numbers that empties in O(1): `clear` starts a new round, and a mark of an earlier
 * round counts as absent. The plan and the verdict go host after host marking numbered values (the
 * spellings a host holds, the slots a host wants) without a set per host.
 */
export class RoundMarks {
  private marks = new Int32Array(64);
  private round = 1;

  clear(): void {
    this.round++;
  }

  add(n: number): void {
    if (n >= this.marks.length) {
      const grown = new Int32Array(Math.max(n + 1, this.marks.length * 2));
      grown.set(this.marks);
      this.marks = grown;
    }
    this.marks[n] = this.round;
  }

  has(n: number): boolean {
    return n < this.marks.length && this.marks[n] === this.round;
  }
}
