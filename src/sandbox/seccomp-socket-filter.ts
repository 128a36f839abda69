// The seccomp filter that makes "network off" also mean "no Unix-domain sockets": a classic BPF
// program, handed to bubblewrap with `--seccomp FD`, applied to the command and everything it
// starts. Pure: the program is computed here, bytes only.
//
// Why socket() and not connect(): seccomp sees only the syscall's registers, never the memory a
// sockaddr pointer points at, and connect() gets an fd whose family it cannot see either. So the
// filter refuses to *create* sockets of families that reach outside the sandbox's own network
// namespace — above all AF_UNIX (docker.sock, the user's D-Bus, ssh-agent: filesystem sockets
// are reachable through the read-only bind of `/`) and AF_VSOCK (the hypervisor's host) — with
// EACCES. socketpair() is a different syscall and stays allowed, as do pipes, so programs that
// talk to their own children keep working. The families that are per network namespace (INET,
// INET6, NETLINK) and the kernel's crypto API (ALG) may still be created: the separate network
// namespace already cuts them off.
//
// Also refused: io_uring (it creates sockets without the socket() syscall), x32 syscalls on
// x86-64 and socketcall(SYS_SOCKET) of 32-bit x86 programs (whose arguments are in memory).
// A process of an architecture the filter does not know is killed rather than let through.

/** Linux <linux/audit.h> architecture tokens. */
const AUDIT_ARCH = {
  X86_64: 0xc000003e,
  I386: 0x40000003,
  AARCH64: 0xc00000b7,
  ARM: 0x40000028,
  RISCV64: 0xc00000f3,
} as const;

const AF_INET = 2;
const AF_INET6 = 10;
const AF_NETLINK = 16;
const AF_ALG = 38;
/** Socket families a sandboxed command may create (see above). */
export const ALLOWED_SOCKET_FAMILIES = [AF_INET, AF_INET6, AF_NETLINK, AF_ALG] as const;

const IO_URING_SYSCALLS = [425, 426, 427]; // setup, enter, register: the same on every arch
const X32_SYSCALL_BIT = 0x40000000;
const SYS_SOCKET = 1; // socketcall()'s first argument for socket()

interface ArchRules {
  arch: number;
  socket: number;
  /** i386: the socketcall() multiplexer. */
  socketcall?: number;
  /** x86-64: refuse syscall numbers with the x32 bit. */
  refuseX32?: boolean;
}

/** Which syscall tables a process on this machine can use, by Node's `process.arch`. */
const ARCHES: Partial<Record<NodeJS.Architecture, ArchRules[]>> = {
  x64: [
    { arch: AUDIT_ARCH.X86_64, socket: 41, refuseX32: true },
    { arch: AUDIT_ARCH.I386, socket: 359, socketcall: 102 },
  ],
  arm64: [
    { arch: AUDIT_ARCH.AARCH64, socket: 198 },
    { arch: AUDIT_ARCH.ARM, socket: 281 },
  ],
  riscv64: [{ arch: AUDIT_ARCH.RISCV64, socket: 198 }],
};

// struct seccomp_data: nr at 0, arch at 4, args[i] at 16 + 8 i (low word first: little-endian).
const OFFSET_NR = 0;
const OFFSET_ARCH = 4;
const OFFSET_ARG0_LOW = 16;

const BPF_LD_W_ABS = 0x20;
const BPF_JEQ_K = 0x15;
const BPF_JGE_K = 0x35;
const BPF_RET_K = 0x06;
const RET_ALLOW = 0x7fff0000;
const RET_KILL_PROCESS = 0x80000000;
const retErrno = (errno: number) => 0x00050000 | errno;
const EACCES = 13;
const ENOSYS = 38;

type Instruction =
  | { op: 'load'; offset: number }
  | { op: 'jeq' | 'jge'; k: number; goto: string }
  | { op: 'ret'; k: number }
  | { op: 'label'; name: string };

/** The filter as bwrap reads it (struct sock_filter[], native byte order); undefined: unsupported arch. */
export function buildSocketFilter(arch: NodeJS.Architecture = process.arch): Buffer | undefined {
  const rules = ARCHES[arch];
  if (!rules) return undefined;
  const program: Instruction[] = [{ op: 'load', offset: OFFSET_ARCH }];
  rules.forEach((rule, index) => {
    program.push({ op: 'jeq', k: rule.arch, goto: `arch${index}` });
  });
  program.push({ op: 'ret', k: RET_KILL_PROCESS });
  rules.forEach((rule, index) => {
    program.push({ op: 'label', name: `arch${index}` }, { op: 'load', offset: OFFSET_NR });
    if (rule.refuseX32) program.push({ op: 'jge', k: X32_SYSCALL_BIT, goto: 'enosys' });
    program.push({ op: 'jeq', k: rule.socket, goto: 'socket' });
    if (rule.socketcall !== undefined) program.push({ op: 'jeq', k: rule.socketcall, goto: 'socketcall' });
    for (const nr of IO_URING_SYSCALLS) program.push({ op: 'jeq', k: nr, goto: 'enosys' });
    program.push({ op: 'ret', k: RET_ALLOW });
  });
  program.push({ op: 'label', name: 'socket' }, { op: 'load', offset: OFFSET_ARG0_LOW });
  for (const family of ALLOWED_SOCKET_FAMILIES) program.push({ op: 'jeq', k: family, goto: 'allow' });
  program.push({ op: 'ret', k: retErrno(EACCES) });
  if (rules.some((rule) => rule.socketcall !== undefined)) {
    program.push({ op: 'label', name: 'socketcall' }, { op: 'load', offset: OFFSET_ARG0_LOW });
    program.push({ op: 'jeq', k: SYS_SOCKET, goto: 'eacces' }, { op: 'ret', k: RET_ALLOW });
  }
  program.push(
    { op: 'label', name: 'allow' },
    { op: 'ret', k: RET_ALLOW },
    { op: 'label', name: 'eacces' },
    { op: 'ret', k: retErrno(EACCES) },
    { op: 'label', name: 'enosys' },
    { op: 'ret', k: retErrno(ENOSYS) },
  );
  return assemble(program);
}

/** Labels → relative jump offsets; a jump's false branch is always the next instruction. */
function assemble(program: readonly Instruction[]): Buffer {
  const positions = new Map<string, number>();
  let count = 0;
  for (const instruction of program) {
    if (instruction.op === 'label') positions.set(instruction.name, count);
    else count++;
  }
  const buffer = Buffer.alloc(count * 8);
  let index = 0;
  const emit = (code: number, jt: number, jf: number, k: number) => {
    buffer.writeUInt16LE(code, index * 8);
    buffer.writeUInt8(jt, index * 8 + 2);
    buffer.writeUInt8(jf, index * 8 + 3);
    buffer.writeUInt32LE(k >>> 0, index * 8 + 4);
    index++;
  };
  for (const instruction of program) {
    if (instruction.op === 'label') continue;
    if (instruction.op === 'load') emit(BPF_LD_W_ABS, 0, 0, instruction.offset);
    else if (instruction.op === 'ret') emit(BPF_RET_K, 0, 0, instruction.k);
    else {
      const target = positions.get(instruction.goto);
      if (target === undefined) throw new Error(`seccomp filter: no label ${instruction.goto}`);
      const jump = target - index - 1;
      if (jump < 0 || jump > 255) throw new Error(`seccomp filter: jump to ${instruction.goto} out of range`);
      emit(instruction.op === 'jeq' ? BPF_JEQ_K : BPF_JGE_K, jump, 0, instruction.k);
    }
  }
  return buffer;
}
