// The namespace seccomp filter, run through a small classic-BPF interpreter written here: what the
// kernel would answer for each syscall, per architecture.
import { describe, expect, it } from 'vitest';
import {
  AUDIT_ARCH,
  CLONE_NEWCGROUP,
  CLONE_NEWIPC,
  CLONE_NEWNET,
  CLONE_NEWNS,
  CLONE_NEWPID,
  CLONE_NEWTIME,
  CLONE_NEWUSER,
  CLONE_NEWUTS,
  namespaceFilter,
  seccompArch,
  type SeccompArch,
} from '../../electron/core/exec/local/seccomp';

const ALLOW = 0x7fff0000;
const KILL_PROCESS = 0x80000000;
const EPERM = 0x00050000 | 1;
const ENOSYS = 0x00050000 | 38;
const EOPNOTSUPP = 0x00050000 | 95;
const AUDIT_ARCH_I386 = 0x40000003;
const AUDIT_ARCH_ARM = 0x40000028;

/** Numbers written out again here (not imported), so a wrong table in the source fails. */
const NR = {
  x86_64: {
    read: 0,
    clone: 56,
    fork: 57,
    unshare: 272,
    setns: 308,
    clone3: 435,
    getrlimit: 97,
    fallocate: 285,
  },
  aarch64: { read: 63, clone: 220, unshare: 97, setns: 268, clone3: 435, socket: 198, fallocate: 47 },
};
const SIGCHLD = 17;
const CLONE_VM = 0x100;
const CLONE_FS = 0x200;
const CLONE_FILES = 0x400;
const CLONE_SIGHAND = 0x800;
const CLONE_THREAD = 0x10000;
const CLONE_VFORK = 0x4000;
const CLONE_SETTLS = 0x80000;
const CLONE_PARENT_SETTID = 0x100000;
const CLONE_CHILD_CLEARTID = 0x200000;
const NAMESPACES = {
  CLONE_NEWNS,
  CLONE_NEWCGROUP,
  CLONE_NEWUTS,
  CLONE_NEWIPC,
  CLONE_NEWUSER,
  CLONE_NEWPID,
  CLONE_NEWNET,
};

/** struct seccomp_data: nr, arch, instruction_pointer, args[6] (little-endian u64). */
function seccompData(arch: number, nr: number, args: bigint[] = []): Buffer {
  const buf = Buffer.alloc(64);
  buf.writeUInt32LE(nr >>> 0, 0);
  buf.writeUInt32LE(arch >>> 0, 4);
  buf.writeBigUInt64LE(0x401000n, 8);
  args.forEach((a, i) => buf.writeBigUInt64LE(BigInt.asUintN(64, a), 16 + i * 8));
  return buf;
}

/** Classic BPF as the kernel runs it for seccomp: only the opcodes the filter may use. */
function runBpf(program: Buffer, data: Buffer): number {
  expect(program.length % 8).toBe(0);
  const count = program.length / 8;
  expect(count).toBeLessThanOrEqual(4096); // BPF_MAXINSNS
  let acc = 0;
  for (let pc = 0, steps = 0; steps <= count; steps++) {
    if (pc >= count) throw new Error(`fell off the end of the program at ${pc}`);
    const code = program.readUInt16LE(pc * 8);
    const jt = program.readUInt8(pc * 8 + 2);
    const jf = program.readUInt8(pc * 8 + 3);
    const k = program.readUInt32LE(pc * 8 + 4);
    const jump = (cond: boolean) => {
      pc += 1 + (cond ? jt : jf);
    };
    switch (code) {
      case 0x20: // ld [k]
        if (k % 4 !== 0 || k + 4 > data.length) throw new Error(`bad load offset ${k}`);
        acc = data.readUInt32LE(k);
        pc += 1;
        break;
      case 0x15: // jeq #k
        jump(acc === k);
        break;
      case 0x35: // jge #k
        jump(acc >= k);
        break;
      case 0x45: // jset #k
        jump((acc & k) >>> 0 !== 0);
        break;
      case 0x06: // ret #k
        return k;
      default:
        throw new Error(`unexpected opcode 0x${code.toString(16)} at ${pc}`);
    }
  }
  throw new Error('the program loops');
}

const filter = namespaceFilter();
const verdict = (arch: SeccompArch | number, nr: number, args: bigint[] = [], program = filter) =>
  runBpf(program, seccompData(typeof arch === 'number' ? arch : AUDIT_ARCH[arch], nr, args));

describe('the BPF interpreter of this test', () => {
  it('rejects what it does not know, so a broken program cannot pass by accident', () => {
    const bad = Buffer.alloc(8);
    bad.writeUInt16LE(0x07, 0); // tax
    expect(() => runBpf(bad, seccompData(0, 0))).toThrow(/unexpected opcode/);
    const noReturn = Buffer.from([0x20, 0, 0, 0, 0, 0, 0, 0]);
    expect(() => runBpf(noReturn, seccompData(0, 0))).toThrow(/fell off/);
  });
});

describe('namespaceFilter', () => {
  it('is an array of 8-byte little-endian sock_filter entries starting with a load of the arch', () => {
    expect(filter.length % 8).toBe(0);
    expect(filter.length / 8).toBeGreaterThan(10);
    // ld [4]: code 0x0020, jt 0, jf 0, k 4
    expect([...filter.subarray(0, 8)]).toEqual([0x20, 0x00, 0, 0, 0x04, 0, 0, 0]);
    expect(namespaceFilter(['x86_64', 'aarch64']).equals(filter)).toBe(true);
    expect(namespaceFilter(['x86_64']).length).toBeLessThan(filter.length);
    expect(() => namespaceFilter([])).toThrow();
  });

  for (const arch of ['x86_64', 'aarch64'] as const) {
    const nr = NR[arch];
    describe(arch, () => {
      it('refuses unshare with each namespace flag (EPERM), alone or mixed', () => {
        for (const [name, flag] of Object.entries(NAMESPACES)) {
          expect(verdict(arch, nr.unshare, [BigInt(flag)]), name).toBe(EPERM);
          expect(verdict(arch, nr.unshare, [BigInt(flag | CLONE_FILES | CLONE_FS)]), name).toBe(EPERM);
        }
        expect(verdict(arch, nr.unshare, [BigInt(CLONE_NEWTIME)])).toBe(EPERM);
        expect(verdict(arch, nr.unshare, [0xffffffffn])).toBe(EPERM);
      });

      it('allows unshare without namespace flags (CLONE_FILES, CLONE_FS, 0)', () => {
        for (const flags of [0, CLONE_FILES, CLONE_FS, CLONE_FILES | CLONE_FS]) {
          expect(verdict(arch, nr.unshare, [BigInt(flags)]), String(flags)).toBe(ALLOW);
        }
      });

      it('refuses clone with a namespace flag and allows fork, vfork and thread clones', () => {
        for (const [name, flag] of Object.entries(NAMESPACES))
          expect(verdict(arch, nr.clone, [BigInt(flag | SIGCHLD)]), name).toBe(EPERM);
        const thread =
          CLONE_VM |
          CLONE_FS |
          CLONE_FILES |
          CLONE_SIGHAND |
          CLONE_THREAD |
          CLONE_SETTLS |
          CLONE_PARENT_SETTID |
          CLONE_CHILD_CLEARTID;
        for (const flags of [
          SIGCHLD,
          CLONE_CHILD_CLEARTID | SIGCHLD,
          CLONE_VM | CLONE_VFORK | SIGCHLD,
          thread,
        ]) {
          expect(verdict(arch, nr.clone, [BigInt(flags), 0x7000n, 0n, 0n, 0n]), String(flags)).toBe(ALLOW);
        }
        // The exit signal's byte is not CLONE_NEWTIME: any signal number is fine.
        expect(verdict(arch, nr.clone, [BigInt(64)])).toBe(ALLOW);
      });

      it('only reads the low 32 bits of the flags, as the kernel does for clone', () => {
        expect(verdict(arch, nr.clone, [0xffffffff00000000n | BigInt(SIGCHLD)])).toBe(ALLOW);
        expect(verdict(arch, nr.clone, [0xffffffff00000000n | BigInt(CLONE_NEWUSER)])).toBe(EPERM);
      });

      it('answers clone3 with ENOSYS (so glibc falls back to clone) and setns with EPERM', () => {
        expect(verdict(arch, nr.clone3, [0x7fff0000n, 88n])).toBe(ENOSYS);
        expect(verdict(arch, nr.setns, [3n, 0n])).toBe(EPERM);
        expect(verdict(arch, nr.setns, [3n, BigInt(CLONE_NEWNET)])).toBe(EPERM);
      });

      it('answers fallocate with EOPNOTSUPP (disk would be reserved past the per-file limit)', () => {
        expect(verdict(arch, nr.fallocate, [3n, 1n /* FALLOC_FL_KEEP_SIZE */, 0n, 2n << 30n])).toBe(
          EOPNOTSUPP,
        );
        expect(verdict(arch, nr.fallocate, [3n, 0n, 0n, 4096n])).toBe(EOPNOTSUPP);
      });

      it('allows ordinary syscalls', () => {
        expect(verdict(arch, nr.read, [0n, 0n, 10n])).toBe(ALLOW);
        for (let n = 0; n < 460; n++) {
          if ([nr.clone, nr.clone3, nr.unshare, nr.setns, nr.fallocate].includes(n)) continue;
          expect(verdict(arch, n, [BigInt(CLONE_NEWUSER)]), `syscall ${n}`).toBe(ALLOW);
        }
      });

      it('kills a process using a foreign ABI', () => {
        expect(verdict(AUDIT_ARCH_I386, 310 /* i386 unshare */, [BigInt(CLONE_NEWUSER)])).toBe(KILL_PROCESS);
        expect(verdict(AUDIT_ARCH_ARM, 337 /* arm unshare */, [BigInt(CLONE_NEWUSER)])).toBe(KILL_PROCESS);
        expect(verdict(AUDIT_ARCH_I386, 3 /* read */)).toBe(KILL_PROCESS);
      });

      it('with only this architecture, kills the other one', () => {
        const other = arch === 'x86_64' ? 'aarch64' : 'x86_64';
        const single = namespaceFilter([arch]);
        expect(verdict(arch, nr.read, [], single)).toBe(ALLOW);
        expect(verdict(arch, nr.unshare, [BigInt(CLONE_NEWUSER)], single)).toBe(EPERM);
        expect(verdict(other, NR[other].read, [], single)).toBe(KILL_PROCESS);
      });
    });
  }

  it('keeps the x86_64 numbers apart from the aarch64 ones (97 is getrlimit on x86_64, unshare on aarch64)', () => {
    expect(verdict('x86_64', NR.x86_64.getrlimit, [BigInt(CLONE_NEWUSER)])).toBe(ALLOW);
    expect(verdict('aarch64', 97, [BigInt(CLONE_NEWUSER)])).toBe(EPERM);
    expect(verdict('aarch64', NR.x86_64.unshare, [BigInt(CLONE_NEWUSER)])).toBe(ALLOW);
  });

  it('kills x32 syscalls on x86_64 (numbers with bit 30 set)', () => {
    expect(verdict('x86_64', 0x40000000 + 272, [BigInt(CLONE_NEWUSER)])).toBe(KILL_PROCESS);
    expect(verdict('x86_64', 0x40000000, [])).toBe(KILL_PROCESS);
    // aarch64 has no such ABI: a huge number is simply not one of ours.
    expect(verdict('aarch64', 0x40000000 + 97, [])).toBe(ALLOW);
  });

  it('maps Node architectures to seccomp ones', () => {
    expect(seccompArch('x64')).toBe('x86_64');
    expect(seccompArch('arm64')).toBe('aarch64');
    expect(seccompArch('ia32')).toBeNull();
    expect(seccompArch('riscv64')).toBeNull();
  });
});
