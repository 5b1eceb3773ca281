export { listUsers as GET, createUser as POST } from "@/server/api/users";
