// GGUF (version 3) reading and writing, as far as the real-server tier needs it: metadata of any
// type, and F32/F16 tensors. Format: https://github.com/ggml-org/ggml/blob/master/docs/gguf.md
// (little-endian; header, key/value metadata, tensor infos, padding, aligned tensor data).
import { readFileSync } from 'node:fs';

export enum GgufType {
  UINT8 = 0,
  INT8 = 1,
  UINT16 = 2,
  INT16 = 3,
  UINT32 = 4,
  INT32 = 5,
  FLOAT32 = 6,
  BOOL = 7,
  STRING = 8,
  ARRAY = 9,
  UINT64 = 10,
  INT64 = 11,
  FLOAT64 = 12,
}

export type GgufScalar = number | bigint | boolean | string;
export interface GgufValue {
  type: GgufType;
  /** For ARRAY: the element type. */
  elementType?: GgufType;
  value: GgufScalar | GgufScalar[];
}

export enum TensorType {
  F32 = 0,
  F16 = 1,
}

export interface GgufTensor {
  name: string;
  /** ggml order: dims[0] is the fastest-varying (row length). */
  dims: number[];
  type: TensorType;
  data: Float32Array;
}

const MAGIC = 0x46554747; // "GGUF"
const ALIGNMENT = 32;
/** Bytes of each fixed-size value type. */
const SCALAR_BYTES: Partial<Record<GgufType, number>> = {
  0: 1,
  1: 1,
  2: 2,
  3: 2,
  4: 4,
  5: 4,
  6: 4,
  7: 1,
  10: 8,
  11: 8,
  12: 8,
};

// ---------------------------------------------------------------- reading (metadata only)

class Reader {
  offset = 0;
  constructor(private readonly buffer: Buffer) {}
  u32(): number {
    const v = this.buffer.readUInt32LE(this.offset);
    this.offset += 4;
    return v;
  }
  u64(): bigint {
    const v = this.buffer.readBigUInt64LE(this.offset);
    this.offset += 8;
    return v;
  }
  string(): string {
    const length = Number(this.u64());
    const text = this.buffer.toString('utf8', this.offset, this.offset + length);
    this.offset += length;
    return text;
  }
  scalar(type: GgufType): GgufScalar {
    const b = this.buffer;
    const at = this.offset;
    if (type === GgufType.STRING) return this.string();
    const size = SCALAR_BYTES[type];
    if (size === undefined) throw new Error(`GGUF: unsupported value type ${type} at byte ${at}`);
    this.offset += size;
    switch (type) {
      case GgufType.UINT8:
        return b.readUInt8(at);
      case GgufType.INT8:
        return b.readInt8(at);
      case GgufType.UINT16:
        return b.readUInt16LE(at);
      case GgufType.INT16:
        return b.readInt16LE(at);
      case GgufType.UINT32:
        return b.readUInt32LE(at);
      case GgufType.INT32:
        return b.readInt32LE(at);
      case GgufType.FLOAT32:
        return b.readFloatLE(at);
      case GgufType.BOOL:
        return b.readUInt8(at) !== 0;
      case GgufType.UINT64:
        return b.readBigUInt64LE(at);
      case GgufType.INT64:
        return b.readBigInt64LE(at);
      default:
        return b.readDoubleLE(at);
    }
  }
}

/** The metadata of a GGUF file (its tensors are not read). */
export function readGgufMetadata(path: string): Map<string, GgufValue> {
  const reader = new Reader(readFileSync(path));
  if (reader.u32() !== MAGIC) throw new Error(`${path} is not a GGUF file (bad magic)`);
  const version = reader.u32();
  if (version !== 3 && version !== 2) throw new Error(`${path}: GGUF version ${version} is not supported`);
  reader.u64(); // tensor count
  const kvCount = Number(reader.u64());
  const metadata = new Map<string, GgufValue>();
  for (let i = 0; i < kvCount; i++) {
    const key = reader.string();
    const type = reader.u32() as GgufType;
    if (type === GgufType.ARRAY) {
      const elementType = reader.u32() as GgufType;
      const count = Number(reader.u64());
      const value: GgufScalar[] = new Array(count);
      for (let j = 0; j < count; j++) value[j] = reader.scalar(elementType);
      metadata.set(key, { type, elementType, value });
    } else {
      metadata.set(key, { type, value: reader.scalar(type) });
    }
  }
  return metadata;
}

// ---------------------------------------------------------------- writing

/** IEEE 754 binary16 bits of a float (round to nearest even; the tier's weights are small and exact). */
const F32 = new Float32Array(1);
const F32_BITS = new Uint32Array(F32.buffer);

export function toHalf(value: number): number {
  F32[0] = value;
  const bits = F32_BITS[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  let mantissa = bits & 0x7fffff;
  if (exponent <= 0) {
    if (exponent < -10) return sign; // underflows to ±0
    mantissa = (mantissa | 0x800000) >> (1 - exponent);
    return sign | ((mantissa + 0x1000) >> 13);
  }
  if (exponent >= 0x1f) throw new Error(`GGUF: ${value} does not fit in f16`);
  const half = sign | (exponent << 10) | (mantissa >> 13);
  const rest = mantissa & 0x1fff;
  return rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1) ? half + 1 : half;
}

class Writer {
  private readonly chunks: Buffer[] = [];
  length = 0;
  push(buffer: Buffer): void {
    this.chunks.push(buffer);
    this.length += buffer.length;
  }
  u32(value: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(value);
    this.push(b);
  }
  u64(value: number | bigint): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(value));
    this.push(b);
  }
  string(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    this.u64(bytes.length);
    this.push(bytes);
  }
  scalar(type: GgufType, value: GgufScalar): void {
    if (type === GgufType.STRING) {
      this.string(String(value));
      return;
    }
    const b = Buffer.alloc(SCALAR_BYTES[type] ?? 0);
    switch (type) {
      case GgufType.UINT8:
      case GgufType.BOOL:
        b.writeUInt8(Number(value));
        break;
      case GgufType.INT8:
        b.writeInt8(Number(value));
        break;
      case GgufType.UINT16:
        b.writeUInt16LE(Number(value));
        break;
      case GgufType.INT16:
        b.writeInt16LE(Number(value));
        break;
      case GgufType.UINT32:
        b.writeUInt32LE(Number(value));
        break;
      case GgufType.INT32:
        b.writeInt32LE(Number(value));
        break;
      case GgufType.FLOAT32:
        b.writeFloatLE(Number(value));
        break;
      case GgufType.UINT64:
        b.writeBigUInt64LE(BigInt(value));
        break;
      case GgufType.INT64:
        b.writeBigInt64LE(BigInt(value));
        break;
      case GgufType.FLOAT64:
        b.writeDoubleLE(Number(value));
        break;
      default:
        throw new Error(`GGUF: cannot write value type ${type}`);
    }
    this.push(b);
  }
  pad(): void {
    const extra = (ALIGNMENT - (this.length % ALIGNMENT)) % ALIGNMENT;
    if (extra) this.push(Buffer.alloc(extra));
  }
  concat(): Buffer {
    return Buffer.concat(this.chunks, this.length);
  }
}

function tensorBytes(tensor: GgufTensor): Buffer {
  const count = tensor.dims.reduce((a, b) => a * b, 1);
  if (tensor.data.length !== count) {
    throw new Error(`GGUF: tensor ${tensor.name} has ${tensor.data.length} values for dims ${tensor.dims}`);
  }
  if (tensor.type === TensorType.F32)
    return Buffer.from(tensor.data.buffer, tensor.data.byteOffset, count * 4);
  const out = Buffer.alloc(count * 2);
  for (let i = 0; i < count; i++) {
    const value = tensor.data[i]!;
    if (value !== 0) out.writeUInt16LE(toHalf(value), i * 2); // the buffer starts as zeros (+0 in f16)
  }
  return out;
}

/** A complete GGUF v3 file. */
export function writeGguf(metadata: Map<string, GgufValue>, tensors: GgufTensor[]): Buffer {
  const head = new Writer();
  head.u32(MAGIC);
  head.u32(3);
  head.u64(tensors.length);
  head.u64(metadata.size);
  for (const [key, entry] of metadata) {
    head.string(key);
    head.u32(entry.type);
    if (entry.type === GgufType.ARRAY) {
      const values = entry.value as GgufScalar[];
      head.u32(entry.elementType!);
      head.u64(values.length);
      for (const value of values) head.scalar(entry.elementType!, value);
    } else {
      head.scalar(entry.type, entry.value as GgufScalar);
    }
  }
  const data = new Writer();
  for (const tensor of tensors) {
    head.string(tensor.name);
    head.u32(tensor.dims.length);
    for (const dim of tensor.dims) head.u64(dim);
    head.u32(tensor.type);
    head.u64(data.length);
    data.push(tensorBytes(tensor));
    data.pad();
  }
  head.pad();
  return Buffer.concat([head.concat(), data.concat()]);
}
