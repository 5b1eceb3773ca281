// Hand-written protobuf wire format for the two tiny grpc.health.v1 messages:
//   HealthCheckRequest  { string service = 1; }
//   HealthCheckResponse { ServingStatus status = 1; }  UNKNOWN=0 SERVING=1 NOT_SERVING=2 SERVICE_UNKNOWN=3
// Unknown fields are skipped when decoding, as protobuf requires.

export const HEALTH_CHECK_PATH = "/grpc.health.v1.Health/Check";

export const SERVING_STATUS = ["UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"] as const;
export type ServingStatusName = (typeof SERVING_STATUS)[number];

export interface HealthCheckRequest {
  service: string;
}
export interface HealthCheckResponse {
  /** Numeric enum value (an unrecognised value is kept as-is). */
  status: number;
}

export function servingStatusName(status: number): string {
  return SERVING_STATUS[status] ?? `status ${status}`;
}

function encodeVarint(value: number, out: number[]): void {
  let v = value >>> 0;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
}

class Reader {
  pos = 0;
  constructor(private readonly buf: Uint8Array) {}
  get done(): boolean {
    return this.pos >= this.buf.length;
  }
  varint(): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw new Error("truncated varint");
      const b = this.buf[this.pos++]!;
      if (shift < 32) result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
    throw new Error("varint too long");
  }
  bytes(n: number): Uint8Array {
    if (this.pos + n > this.buf.length) throw new Error("truncated field");
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  skip(wireType: number): void {
    switch (wireType) {
      case 0:
        this.varint();
        return;
      case 1:
        this.bytes(8);
        return;
      case 2:
        this.bytes(this.varint());
        return;
      case 5:
        this.bytes(4);
        return;
      default:
        throw new Error(`unsupported wire type ${wireType}`);
    }
  }
}

/** Reads each field's (number, wire type) and lets `onField` consume it or returns false to skip. */
function readFields(
  buf: Uint8Array,
  onField: (field: number, wireType: number, r: Reader) => boolean,
): void {
  const r = new Reader(buf);
  while (!r.done) {
    const key = r.varint();
    const field = Math.floor(key / 8);
    const wireType = key & 7;
    if (field === 0) throw new Error("invalid field number 0");
    if (!onField(field, wireType, r)) r.skip(wireType);
  }
}

export function encodeHealthCheckRequest(req: HealthCheckRequest): Buffer {
  if (!req.service) return Buffer.alloc(0); // proto3: default values are not written
  const text = Buffer.from(req.service, "utf8");
  const out: number[] = [];
  encodeVarint((1 << 3) | 2, out);
  encodeVarint(text.length, out);
  return Buffer.concat([Buffer.from(out), text]);
}

export function decodeHealthCheckRequest(buf: Uint8Array): HealthCheckRequest {
  let service = "";
  readFields(buf, (field, wireType, r) => {
    if (field !== 1 || wireType !== 2) return false;
    service = Buffer.from(r.bytes(r.varint())).toString("utf8");
    return true;
  });
  return { service };
}

export function encodeHealthCheckResponse(res: HealthCheckResponse): Buffer {
  if (!res.status) return Buffer.alloc(0);
  const out: number[] = [];
  encodeVarint((1 << 3) | 0, out);
  encodeVarint(res.status, out);
  return Buffer.from(out);
}

export function decodeHealthCheckResponse(buf: Uint8Array): HealthCheckResponse {
  let status = 0;
  readFields(buf, (field, wireType, r) => {
    if (field !== 1 || wireType !== 0) return false;
    status = r.varint();
    return true;
  });
  return { status };
}
