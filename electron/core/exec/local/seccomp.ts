// A classic-BPF seccomp program that stops the sandboxed code from creating or joining namespaces,
// in the binary form bubblewrap's `--seccomp FD` / `--add-seccomp-fd FD` read: an array of
// `struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; }`, 8 bytes each, little-endian.
//
// What it refuses:
// - `unshare(flags)` when flags hold any CLONE_NEW* bit → EPERM;
// - `clone(flags, …)` when flags hold any CLONE_NEW* bit → EPERM;
// - `clone3(args, size)` always → ENOSYS: its flags sit in memory, which a seccomp filter cannot
//   read, so it is refused as "not implemented" and glibc falls back to `clone` (checked above);
// - `setns` always → EPERM (the sandbox has nothing to join).
// Everything else is allowed: this is not a general syscall policy, only a namespace wall.
//
// Architectures: the program knows x86_64 and aarch64. A syscall made through any other ABI
// (i386 `int 0x80` on x86_64, 32-bit ARM on aarch64, or x32 numbers with bit 30 set on x86_64)
// kills the process. Allowing foreign ABIs would let the code reach `unshare` under a different
// number; returning an error instead would work too, but nothing a 64-bit Python does uses them,
// so a SIGSYS death (reported as "the kernel died") is the honest answer.

/** Architectures the program has syscall numbers for (names as in `uname -m`). */
export type SeccompArch = 'x86_64' | 'aarch64';

/** AUDIT_ARCH_* values found in `seccomp_data.arch` (linux/audit.h). */
export const AUDIT_ARCH: Readonly<Record<SeccompArch, number>> = {
  x86_64: 0xc000003e,
  aarch64: 0xc00000b7,
};

/** Syscall numbers (arch/x86/entry/syscalls/syscall_64.tbl, include/uapi/asm-generic/unistd.h). */
export const SYSCALL_NUMBERS: Readonly<
  Record<SeccompArch, { clone: number; clone3: number; unshare: number; setns: number; fallocate: number }>
> = {
  x86_64: { clone: 56, unshare: 272, setns: 308, clone3: 435, fallocate: 285 },
  aarch64: { clone: 220, unshare: 97, setns: 268, clone3: 435, fallocate: 47 },
};

/** Syscalls numbered from here on x86_64 are the x32 ABI. */
export const X32_SYSCALL_BIT = 0x40000000;

export const CLONE_NEWTIME = 0x00000080;
export const CLONE_NEWNS = 0x00020000;
export const CLONE_NEWCGROUP = 0x02000000;
export const CLONE_NEWUTS = 0x04000000;
export const CLONE_NEWIPC = 0x08000000;
export const CLONE_NEWUSER = 0x10000000;
export const CLONE_NEWPID = 0x20000000;
export const CLONE_NEWNET = 0x40000000;

/** Every namespace flag `unshare` accepts. */
export const UNSHARE_NS_MASK =
  CLONE_NEWTIME |
  CLONE_NEWNS |
  CLONE_NEWCGROUP |
  CLONE_NEWUTS |
  CLONE_NEWIPC |
  CLONE_NEWUSER |
  CLONE_NEWPID |
  CLONE_NEWNET;
/** For `clone` the low byte is the exit signal (CLONE_NEWTIME exists only for unshare/clone3). */
export const CLONE_NS_MASK = UNSHARE_NS_MASK & ~0xff;

export const SECCOMP_RET_KILL_PROCESS = 0x80000000;
export const SECCOMP_RET_ERRNO = 0x00050000;
export const SECCOMP_RET_ALLOW = 0x7fff0000;
export const EPERM = 1;
export const ENOSYS = 38;
/**
 * fallocate answers "not supported": `FALLOC_FL_KEEP_SIZE` reserves disk past RLIMIT_FSIZE (the
 * disk limit's per-file bound); refused, glibc's posix_fallocate writes zeros instead, which count.
 */
export const EOPNOTSUPP = 95;

// Classic BPF opcodes (linux/bpf_common.h).
export const BPF_LD_W_ABS = 0x20; // BPF_LD | BPF_W | BPF_ABS
export const BPF_JEQ_K = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
export const BPF_JGE_K = 0x35; // BPF_JMP | BPF_JGE | BPF_K
export const BPF_JSET_K = 0x45; // BPF_JMP | BPF_JSET | BPF_K
export const BPF_RET_K = 0x06; // BPF_RET | BPF_K

/** Offsets in `struct seccomp_data { int nr; u32 arch; u64 ip; u64 args[6]; }`. */
export const OFFSET_NR = 0;
export const OFFSET_ARCH = 4;
/** The low 32 bits of args[0] (little-endian): clone and unshare only look at those for namespaces. */
export const OFFSET_ARG0_LOW = 16;

/** A jump target: the index of a labelled instruction, resolved when the program is assembled. */
type Label = string;
interface Insn {
  code: number;
  k: number;
  jt?: Label;
  jf?: Label;
  label?: Label;
}

const errno = (n: number) => SECCOMP_RET_ERRNO | n;

function archSection(arch: SeccompArch): Insn[] {
  const nr = SYSCALL_NUMBERS[arch];
  const out: Insn[] = [{ code: BPF_LD_W_ABS, k: OFFSET_NR, label: `${arch}` }];
  if (arch === 'x86_64') out.push({ code: BPF_JGE_K, k: X32_SYSCALL_BIT, jt: 'kill' });
  out.push(
    { code: BPF_JEQ_K, k: nr.clone3, jt: 'enosys' },
    { code: BPF_JEQ_K, k: nr.setns, jt: 'eperm' },
    { code: BPF_JEQ_K, k: nr.fallocate, jt: 'eopnotsupp' },
    { code: BPF_JEQ_K, k: nr.unshare, jt: `${arch}-unshare` },
    { code: BPF_JEQ_K, k: nr.clone, jt: `${arch}-clone` },
    { code: BPF_RET_K, k: SECCOMP_RET_ALLOW },
    { code: BPF_LD_W_ABS, k: OFFSET_ARG0_LOW, label: `${arch}-unshare` },
    { code: BPF_JSET_K, k: UNSHARE_NS_MASK, jt: 'eperm' },
    { code: BPF_RET_K, k: SECCOMP_RET_ALLOW },
    { code: BPF_LD_W_ABS, k: OFFSET_ARG0_LOW, label: `${arch}-clone` },
    { code: BPF_JSET_K, k: CLONE_NS_MASK, jt: 'eperm' },
    { code: BPF_RET_K, k: SECCOMP_RET_ALLOW },
  );
  return out;
}

/** Resolves labels to relative jump offsets and encodes each instruction in 8 bytes. */
function assemble(program: Insn[]): Buffer {
  const at = new Map<Label, number>();
  program.forEach((insn, i) => {
    if (insn.label === undefined) return;
    if (at.has(insn.label)) throw new Error(`duplicate BPF label ${insn.label}`);
    at.set(insn.label, i);
  });
  const offset = (from: number, label: Label | undefined): number => {
    if (label === undefined) return 0; // fall through to the next instruction
    const to = at.get(label);
    if (to === undefined) throw new Error(`unknown BPF label ${label}`);
    const rel = to - (from + 1);
    // Classic BPF only jumps forward, by at most 255 instructions.
    if (rel < 0 || rel > 255) throw new Error(`BPF jump to ${label} out of range (${rel})`);
    return rel;
  };
  const buf = Buffer.alloc(program.length * 8);
  program.forEach((insn, i) => {
    buf.writeUInt16LE(insn.code, i * 8);
    buf.writeUInt8(offset(i, insn.jt), i * 8 + 2);
    buf.writeUInt8(offset(i, insn.jf), i * 8 + 3);
    buf.writeUInt32LE(insn.k >>> 0, i * 8 + 4);
  });
  return buf;
}

/**
 * The namespace filter for the given architectures (both by default, so one program fits any
 * x86_64 or aarch64 host): a syscall of any other ABI kills the process.
 */
export function namespaceFilter(arches: readonly SeccompArch[] = ['x86_64', 'aarch64']): Buffer {
  const unique = [...new Set(arches)];
  if (unique.length === 0) throw new Error('a seccomp filter needs at least one architecture');
  const program: Insn[] = [{ code: BPF_LD_W_ABS, k: OFFSET_ARCH }];
  for (const arch of unique) program.push({ code: BPF_JEQ_K, k: AUDIT_ARCH[arch], jt: arch });
  program.push({ code: BPF_RET_K, k: SECCOMP_RET_KILL_PROCESS, label: 'foreign-arch' });
  for (const arch of unique) program.push(...archSection(arch));
  program.push(
    { code: BPF_RET_K, k: errno(EPERM), label: 'eperm' },
    { code: BPF_RET_K, k: errno(ENOSYS), label: 'enosys' },
    { code: BPF_RET_K, k: errno(EOPNOTSUPP), label: 'eopnotsupp' },
    { code: BPF_RET_K, k: SECCOMP_RET_KILL_PROCESS, label: 'kill' },
  );
  return assemble(program);
}

/** The seccomp architecture of this Node process (`process.arch`), or null when unsupported. */
export function seccompArch(arch: string = process.arch): SeccompArch | null {
  if (arch === 'x64') return 'x86_64';
  if (arch === 'arm64') return 'aarch64';
  return null;
}
