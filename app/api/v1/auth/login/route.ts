export { login as POST } from "@/server/api/auth";
