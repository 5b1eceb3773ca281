// Request headers a configuration may set on its outgoing calls (health checks, webhooks): names
// are RFC 9110 tokens, values carry no control characters (NUL, CR/LF: header injection) and no
// bidirectional controls (text that reads differently from what it is).
import { z } from "zod";

export const HEADER_VALUE_MAX = 4000;
// eslint-disable-next-line no-control-regex
const FORBIDDEN_IN_VALUE = /[\u0000-\u0008\u000A-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;

export const headerNameSchema = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,200}$/, "must be a valid header name");

export const headerValueSchema = z
  .string()
  .max(HEADER_VALUE_MAX, `must be at most ${HEADER_VALUE_MAX} characters`)
  .refine((v) => !FORBIDDEN_IN_VALUE.test(v), "must not contain control characters (NUL, CR, LF, …) or bidirectional controls");

export const headersSchema = z
  .record(headerNameSchema, headerValueSchema)
  .refine((h) => Object.keys(h).length <= 50, "at most 50 headers");
