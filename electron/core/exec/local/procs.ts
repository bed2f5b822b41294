import { readdirSync, readFileSync } from 'node:fs';

/** pid -> parent pid, from /proc (Linux only; empty elsewhere). */
function parentsFromProc(): Map<number, number> {
  const parents = new Map<number, number>();
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return parents;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(name), Number(fields[1]));
    } catch {
      // the process ended while we looked
    }
  }
  return parents;
}

/** Every descendant of `root` (Linux), so a tree can be killed even when members left the process group. */
export function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parentsFromProc()) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const found: number[] = [];
  const stack = [root];
  while (stack.length) {
    for (const child of children.get(stack.pop()!) ?? []) {
      found.push(child);
      stack.push(child);
    }
  }
  return found;
}

/** How many processes this user already has (RLIMIT_NPROC counts them all when there is no user namespace). */
export function userProcessCount(uid: number): number {
  let count = 0;
  for (const pid of parentsFromProc().keys()) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'latin1');
      if (new RegExp(`^Uid:\\s+${uid}\\s`, 'm').test(status)) count++;
    } catch {
      // gone
    }
  }
  return count;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
