/**
 * The analysis of a program @bufbuild/re2 compiled that regex-search.ts runs: its instructions as
 * typed arrays, a table of which ASCII characters each rune instruction matches, and the order of
 * the backward pass (see regex-search.ts), with the cycles of empty-width instructions that a
 * thread resolves by walking them and the work per character that walking costs.
 */

// Instruction opcodes of the RE2 program (stable since RE2's Go port).
export interface Inst {
  op: number;
  out: number;
  arg: number;
  matchRune(rune: number): boolean;
}

export interface RawProgram {
  start: number;
  numInst(): number;
  getInst(pc: number): Inst;
}

export const ALT = 1;
export const ALT_MATCH = 2;
export const CAPTURE = 3;
export const EMPTY_WIDTH = 4;
export const FAIL = 5;
export const MATCH = 6;
export const NOP = 7;
export const RUNE = 8;
const RUNE_ANY_NOT_NL = 11;

const isRune = (op: number) => op >= RUNE && op <= RUNE_ANY_NOT_NL;

export interface Program {
  readonly insts: readonly Inst[];
  readonly start: number;
  readonly op: Uint8Array;
  readonly out: Int32Array;
  readonly arg: Int32Array;
  /** For rune instructions: whether each ASCII character matches (128 entries per instruction). */
  readonly ascii: Uint8Array;
  /** The empty-width conditions the program tests (0: none); contexts are reduced to them. */
  readonly emptyWidth: number;
  /**
   * Backward-pass order, every instruction after the instructions it leads to without consuming:
   * an instruction's number, or -(c + 1) for the entries of cycle c (`cycles[c]`).
   */
  readonly steps: Int32Array;
  readonly cycles: readonly Int32Array[];
  /** Cycle number of each instruction, or -1. */
  readonly cycleOf: Int32Array;
  /** Instructions the backward pass visits per input character. */
  readonly stepsPerCharacter: number;
  /** Closures for the forward search in a context where no empty-width condition holds, by instruction. */
  readonly plain: (Int32Array | undefined)[];
  /** The other contexts' closures, by instruction × 64 + context. */
  readonly closures: Map<number, Int32Array>;
}

export function prepare(raw: RawProgram): Program {
  const size = raw.numInst();
  const insts: Inst[] = [];
  const op = new Uint8Array(size);
  const out = new Int32Array(size);
  const arg = new Int32Array(size);
  const ascii = new Uint8Array(size * 128);
  let emptyWidth = 0;
  for (let pc = 0; pc < size; pc++) {
    const inst = raw.getInst(pc);
    insts.push(inst);
    op[pc] = inst.op;
    out[pc] = inst.out;
    arg[pc] = inst.arg;
    if (inst.op === EMPTY_WIDTH) emptyWidth |= inst.arg;
    if (isRune(inst.op)) for (let c = 0; c < 128; c++) ascii[pc * 128 + c] = inst.matchRune(c) ? 1 : 0;
  }
  const successors = (pc: number): number[] => {
    switch (op[pc]) {
      case ALT:
      case ALT_MATCH:
        return [out[pc]!, arg[pc]!];
      case CAPTURE:
      case NOP:
      case EMPTY_WIDTH:
        return [out[pc]!];
      default:
        return [];
    }
  };
  const components = stronglyConnected(size, successors);
  const cycleOf = new Int32Array(size).fill(-1);
  let cycleCount = 0;
  for (const component of components) {
    const pc = component[0]!;
    if (component.length > 1 || successors(pc).includes(pc)) {
      for (const member of component) cycleOf[member] = cycleCount;
      cycleCount++;
    }
  }
  // A cycle is entered from outside it, from a consuming instruction, or at the start.
  const entered = new Uint8Array(size);
  entered[raw.start] = 1;
  for (let pc = 0; pc < size; pc++) {
    if (isRune(op[pc]!)) entered[out[pc]!] = 1;
    for (const next of successors(pc)) if (cycleOf[next] === -1 || cycleOf[next] !== cycleOf[pc]) entered[next] = 1;
  }
  const steps: number[] = [];
  const cycles: Int32Array[] = [];
  let stepsPerCharacter = 0;
  for (const component of components) {
    if (cycleOf[component[0]!]! < 0) {
      steps.push(component[0]!);
      stepsPerCharacter++;
      continue;
    }
    const entries = component.filter((pc) => entered[pc]);
    steps.push(-(cycles.length + 1));
    cycles.push(Int32Array.from(entries));
    const edges = component.reduce((n, pc) => n + successors(pc).length, 0);
    stepsPerCharacter += entries.length * (component.length + edges);
  }
  return {
    insts,
    start: raw.start,
    op,
    out,
    arg,
    ascii,
    emptyWidth,
    steps: Int32Array.from(steps),
    cycles,
    cycleOf,
    stepsPerCharacter,
    plain: new Array(size),
    closures: new Map(),
  };
}

/** Tarjan's algorithm without recursion; components come out after every component they lead to. */
function stronglyConnected(size: number, successors: (pc: number) => number[]): number[][] {
  const index = new Int32Array(size).fill(-1);
  const low = new Int32Array(size);
  const onStack = new Uint8Array(size);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  for (let root = 0; root < size; root++) {
    if (index[root] !== -1) continue;
    const work: { pc: number; next: number[]; i: number }[] = [];
    const open = (pc: number) => {
      index[pc] = low[pc] = counter++;
      stack.push(pc);
      onStack[pc] = 1;
      work.push({ pc, next: successors(pc), i: 0 });
    };
    open(root);
    while (work.length) {
      const frame = work[work.length - 1]!;
      if (frame.i < frame.next.length) {
        const next = frame.next[frame.i++]!;
        if (index[next] === -1) open(next);
        else if (onStack[next]) low[frame.pc] = Math.min(low[frame.pc]!, index[next]!);
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1]!.pc;
        low[parent] = Math.min(low[parent]!, low[frame.pc]!);
      }
      if (low[frame.pc] === index[frame.pc]) {
        const component: number[] = [];
        let member: number;
        do {
          member = stack.pop()!;
          onStack[member] = 0;
          component.push(member);
        } while (member !== frame.pc);
        components.push(component);
      }
    }
  }
  return components;
}
