export { revokeToken as DELETE } from "@/server/api/tokens";
