export { logout as POST } from "@/server/api/auth";
