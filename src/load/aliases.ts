import { EVENT_ID, type Event } from 'js-yaml';

/**
 * How many nodes a document holds once its aliases are expanded. Aliases are cheap in
 * the parsed tree (shared references) but every rule that walks the tree pays for the
 * expansion, so a "billion laughs" document must be refused before any rule runs.
 */
export function expandedSize(source: string, events: readonly Event[], from: number, to: number): number {
  const sizes = new Map<string, number>();
  const stack: { anchor: string | undefined; count: number }[] = [{ anchor: undefined, count: 0 }];
  const add = (n: number) => {
    const top = stack[stack.length - 1] as { count: number };
    top.count = Math.min(Number.MAX_SAFE_INTEGER, top.count + n);
  };
  for (let i = from; i < to; i++) {
    const event = events[i] as Event;
    switch (event.type) {
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE:
        stack.push({ anchor: anchorName(source, event.anchorStart, event.anchorEnd), count: 1 });
        break;
      case EVENT_ID.SCALAR: {
        const anchor = anchorName(source, event.anchorStart, event.anchorEnd);
        if (anchor !== undefined) sizes.set(anchor, 1);
        add(1);
        break;
      }
      case EVENT_ID.ALIAS:
        add(sizes.get(source.slice(event.anchorStart, event.anchorEnd)) ?? 1);
        break;
      case EVENT_ID.POP: {
        if (stack.length === 1) break;
        const frame = stack.pop() as { anchor: string | undefined; count: number };
        if (frame.anchor !== undefined) sizes.set(frame.anchor, frame.count);
        add(frame.count);
        break;
      }
    }
  }
  return (stack[0] as { count: number }).count;
}

export function hasAliases(events: readonly Event[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if ((events[i] as Event).type === EVENT_ID.ALIAS) return true;
  return false;
}

function anchorName(source: string, start: number, end: number): string | undefined {
  return start === -1 ? undefined : source.slice(start, end);
}
