export { listSlos as GET, createSlo as POST } from "@/server/api/slos";
