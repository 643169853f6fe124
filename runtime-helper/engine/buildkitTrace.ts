// Decodes the engine's BuildKit trace messages (`{"id":"moby.buildkit.trace","aux":"<base64>"}`),
// each a protobuf `moby.buildkit.v1.StatusResponse`. Only the fields the progress needs are
// read (vertexes and their logs; not the byte counts of statuses or warnings); the rest are
// skipped by wire type, so newer engines that add fields still decode.

export interface TraceVertex {
  digest: string;
  name: string;
  cached: boolean;
  /** Epoch milliseconds. */
  started?: number;
  completed?: number;
  error?: string;
}

export interface TraceLog {
  vertex: string;
  /** 1 stdout, 2 stderr. */
  stream: number;
  msg: Buffer;
}

export interface TraceMessage {
  vertexes: TraceVertex[];
  logs: TraceLog[];
}

/** Undefined for a message that is not a StatusResponse: progress only, so the build goes on without it. */
export function decodeTrace(aux: string): TraceMessage | undefined {
  const out: TraceMessage = { vertexes: [], logs: [] };
  try {
    for (const f of fields(Buffer.from(aux, 'base64'))) {
      if (f.no === 1) out.vertexes.push(vertex(f.bytes()));
      else if (f.no === 3) out.logs.push(log(f.bytes()));
    }
  } catch {
    return undefined;
  }
  return out;
}

function vertex(buf: Buffer): TraceVertex {
  const v: TraceVertex = { digest: '', name: '', cached: false };
  for (const f of fields(buf)) {
    if (f.no === 1) v.digest = f.text();
    else if (f.no === 3) v.name = f.text();
    else if (f.no === 4) v.cached = f.int() !== 0;
    else if (f.no === 5) v.started = timestamp(f.bytes());
    else if (f.no === 6) v.completed = timestamp(f.bytes());
    else if (f.no === 7) v.error = f.text();
  }
  return v;
}

function log(buf: Buffer): TraceLog {
  const l: TraceLog = { vertex: '', stream: 1, msg: Buffer.alloc(0) };
  for (const f of fields(buf)) {
    if (f.no === 1) l.vertex = f.text();
    else if (f.no === 3) l.stream = f.int();
    else if (f.no === 4) l.msg = f.bytes();
  }
  return l;
}

/** google.protobuf.Timestamp as epoch milliseconds. */
function timestamp(buf: Buffer): number {
  let seconds = 0;
  let nanos = 0;
  for (const f of fields(buf)) {
    if (f.no === 1) seconds = f.int();
    else if (f.no === 2) nanos = f.int();
  }
  return seconds * 1000 + Math.floor(nanos / 1e6);
}

interface Field {
  no: number;
  /** A varint field's value. */
  int(): number;
  /** A length-delimited field's bytes. */
  bytes(): Buffer;
  text(): string;
}

const VARINT = 0;
const FIXED64 = 1;
const BYTES = 2;
const FIXED32 = 5;

/** The fields of one message, in wire order. */
function* fields(buf: Buffer): Generator<Field> {
  // Throws on bytes that are not protobuf; decodeTrace turns that into "no message".
  let pos = 0;
  const varint = (): number => {
    // Numbers here (sizes, seconds, byte counts) stay far below 2^53, so plain arithmetic is exact.
    let value = 0;
    let scale = 1;
    for (;;) {
      if (pos >= buf.length) throw new Error('truncated BuildKit trace message');
      const b = buf[pos++];
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
    }
  };
  while (pos < buf.length) {
    const key = varint();
    const no = Math.floor(key / 8);
    const wire = key & 7;
    if (wire === VARINT) {
      const value = varint();
      yield { no, int: () => value, bytes: () => Buffer.alloc(0), text: () => '' };
    } else if (wire === BYTES) {
      const len = varint();
      if (pos + len > buf.length) throw new Error('truncated BuildKit trace message');
      const slice = buf.subarray(pos, pos + len);
      pos += len;
      yield { no, int: () => 0, bytes: () => slice, text: () => slice.toString('utf8') };
    } else if (wire === FIXED64 || wire === FIXED32) {
      pos += wire === FIXED64 ? 8 : 4;
    } else {
      throw new Error(`unsupported protobuf wire type ${wire} in a BuildKit trace message`);
    }
  }
}
