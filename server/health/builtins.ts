// The built-in protocol checkers, registered by name at start-up.
import type { HealthChecker } from "./types";
import { httpChecker, httpsChecker } from "./checkers/http";
import { tcpChecker } from "./checkers/tcp";
import { grpcChecker } from "./checkers/grpc";
import { websocketChecker } from "./checkers/websocket";

export const BUILTIN_CHECKERS = [httpChecker, httpsChecker, tcpChecker, grpcChecker, websocketChecker] as unknown as HealthChecker<never>[];
