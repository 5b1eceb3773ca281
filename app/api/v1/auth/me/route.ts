export { me as GET } from "@/server/api/auth";
