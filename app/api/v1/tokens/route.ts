export { listTokens as GET, createToken as POST } from "@/server/api/tokens";
